import Biometrics
import Foundation
import Testing

@testable import Store

/// `verbatim import` with several files, `--dry-run`, all-or-nothing imports, and the markers and
/// sync-marker commands, run as a user would against a real store file.
@Suite("verbatim import: several files, dry run, markers")
struct ImportCommandBatchTests {
    static let biometrics = BiometricRoundTripTests.biometrics

    /// The bytes of the store's files (database and write-ahead log).
    static func snapshot(_ path: String) -> [Data?] {
        ["", "-wal"].map { FileManager.default.contents(atPath: path + $0) }
    }

    @Test("--dry-run describes every file and leaves the store file unchanged", .enabled(if: ImportExportCommandTests.binary != nil))
    func dryRun() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let path = temporary.store.path
        let before = Self.snapshot(path)
        let e4 = Self.biometrics.appendingPathComponent("empatica_e4_flirt").path
        let fit = Self.biometrics.appendingPathComponent("fit/garmin-fenix-5-run.fit").path
        let run = try ImportExportCommandTests.verbatim([
            "import", e4, fit, "--study", String(seeded.study.id!), "--participant", "P-015", "--dry-run", "--store", path,
        ])
        #expect(run.status == 0, "\(run.err)")
        let output = String(decoding: run.out, as: UTF8.self)
        #expect(output.contains("\(e4): empaticaE4, 8 stream(s), 0 marker(s)."))
        #expect(output.contains("  eda \"EDA\" [uS] 9998 samples (0 gaps), 4 Hz, 2499.5 s, 2019-06-11T19:03:45Z"))
        #expect(output.contains("\(fit): fit, "))
        #expect(output.contains("marker deviceEvent"))
        #expect(output.contains("GPS positions"))
        #expect(output.hasSuffix("Dry run: nothing was stored.\n"))
        #expect(Self.snapshot(path) == before)
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream WHERE participantID = \(seeded.p015.id!)") == 0)
    }

    @Test("Several files in one call; a bad last file imports nothing", .enabled(if: ImportExportCommandTests.binary != nil))
    func severalFiles() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let path = temporary.store.path
        let study = String(seeded.study.id!)
        let e4 = Self.biometrics.appendingPathComponent("empatica_e4_flirt").path
        let hypnogram = Self.biometrics.appendingPathComponent("edf/sleepedf_SC4001EC-Hypnogram.edf").path
        let bad = temporary.folder.appendingPathComponent("notes.csv")
        try Data("interview notes\nnothing numeric here\n".utf8).write(to: bad)
        let streamsBefore = try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream")

        let failed = try ImportExportCommandTests.verbatim([
            "import", e4, hypnogram, bad.path, "--study", study, "--participant", "P-015", "--store", path,
        ])
        #expect(failed.status != 0)
        #expect(failed.err.contains(bad.path) && failed.err.contains("Nothing was imported"), "\(failed.err)")
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream") == streamsBefore)
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_marker") == 0)

        let run = try ImportExportCommandTests.verbatim([
            "import", e4, hypnogram, "--study", study, "--participant", "P-015", "--store", path,
        ])
        #expect(run.status == 0, "\(run.err)")
        let output = String(decoding: run.out, as: UTF8.self)
        let expectedMarkers = try BiometricImporter().read(URL(fileURLWithPath: hypnogram)).markers.count
        #expect(output.contains("Imported empaticaE4 from \(e4)") && output.contains("Imported edfPlus from \(hypnogram)"))
        #expect(output.contains("markers: \(expectedMarkers) stored"))
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream") == streamsBefore + 8)
        #expect(try await temporary.store.biometricMarkers(participantID: seeded.p015.id!).count == expectedMarkers)

        // The markers command lists them; the clock command syncs the recording on one.
        let list = try ImportExportCommandTests.verbatim([
            "biometrics", "markers", "--study", study, "--participant", "P-015", "--store", path,
        ])
        #expect(list.status == 0, "\(list.err)")
        let lines = String(decoding: list.out, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == expectedMarkers + 1 && lines[0] == "id\ttime\tduration\tkind\tlabel\tsource")
        let marker = try #require(try await temporary.store.biometricMarkers(participantID: seeded.p015.id!).first)
        let recording = String(seeded.otherRecording.id!)
        let start = "2024-03-01T09:30:00Z"
        let clock = try ImportExportCommandTests.verbatim([
            "biometrics", "clock", "--recording", recording, "--start", start, "--marker", String(marker.id!), "--at", "12.5", "--store",
            path,
        ])
        #expect(clock.status == 0, "\(clock.err)")
        let sync = try #require(try await temporary.store.recordingSync(recordingID: seeded.otherRecording.id!))
        let expectedOffset = marker.time.timeIntervalSince(ImportCommandTime.parse(start)) - 12.5
        #expect(sync.offset == expectedOffset && sync.syncMarkerID == marker.id)
        #expect(String(decoding: clock.out, as: UTF8.self).contains("from marker \(marker.id!) at 12.5 s"))
    }
}

enum ImportCommandTime {
    static func parse(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
}
