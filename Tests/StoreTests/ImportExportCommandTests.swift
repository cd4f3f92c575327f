import Biometrics
import Foundation
import Testing

@testable import Store

/// End to end: the `verbatim import` and `verbatim export` commands of the built binary, run as a
/// user would, against a real store file. The binary sits beside the test bundle in the build folder
/// (it is built by `swift build --build-tests` and `swift test`; a build of this test target alone
/// does not build it, and the tests are then skipped).
@Suite("verbatim import and export")
struct ImportExportCommandTests {
    static let binary: URL? = {
        let folders = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        return folders.map { $0.appendingPathComponent("verbatim") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let biometrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/biometrics")

    /// Runs the binary; returns its exit status, standard output and standard error.
    static func verbatim(_ arguments: [String]) throws -> (status: Int32, out: Data, err: String) {
        let process = Process()
        process.executableURL = try #require(binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outData, String(decoding: errData, as: UTF8.self))
    }

    @Test(
        "import stores an Empatica folder for a participant, export renders what the library renders",
        .enabled(if: binary != nil, "the verbatim binary is not built next to the tests"))
    func importAndExport() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let studyID = String(seeded.study.id!)
        let path = temporary.store.path
        let folder = Self.biometrics.appendingPathComponent("empatica_e4_flirt").path

        let run = try Self.verbatim(["import", folder, "--study", studyID, "--participant", "P-015", "--store", path])
        #expect(run.status == 0, "\(run.err)")
        let output = String(decoding: run.out, as: UTF8.self)
        let expected = try BiometricImporter(participant: "P-015").read(URL(fileURLWithPath: folder))
        #expect(output.hasPrefix("Imported empaticaE4 from \(folder) for P-015 (study \(studyID)): \(expected.streams.count) stream(s)."))
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("  stream ") }.count == expected.streams.count)
        var stored: [TimeSeries] = []
        for stream in try await temporary.store.biometricStreams(participantID: seeded.p015.id!) {
            stored.append(try await temporary.store.timeSeries(stream, participant: "P-015"))
        }
        let identical = stored == expected.streams
        #expect(identical, "the streams stored by the command differ from the importer's")

        // GPS is personal data: left out, and the summary says how to keep it.
        let fit = Self.biometrics.appendingPathComponent("fit/garmin-fenix-5-run.fit").path
        let gps = try Self.verbatim(["import", fit, "--study", studyID, "--participant", "P-015", "--store", path])
        #expect(gps.status == 0, "\(gps.err)")
        let gpsOutput = String(decoding: gps.out, as: UTF8.self)
        #expect(gpsOutput.contains("Omitted (personal or unsupported data):\n  - GPS positions"))
        #expect(gpsOutput.contains("pass --keep-location to keep them"))
        #expect(!gpsOutput.contains("latitude"))

        // Per-recording and study formats, byte for byte what the Store renders.
        let bundle = try await temporary.store.exportBundle(studyID: seeded.study.id!, recordingIDs: nil)
        let srt = try Self.verbatim([
            "export", "--study", studyID, "--recording", String(seeded.recording.id!), "--format", "srt", "--store", path,
        ])
        #expect(srt.status == 0, "\(srt.err)")
        #expect(srt.out == (try ExportFormat.srt.render(bundle, recordingID: seeded.recording.id!)))
        let target = temporary.folder.appendingPathComponent("codings.csv")
        let csv = try Self.verbatim(["export", "--study", studyID, "--format", "csv", "-o", target.path, "--store", path])
        #expect(csv.status == 0, "\(csv.err)")
        #expect(try Data(contentsOf: target) == (try ExportFormat.csv.render(bundle)))
        #expect(csv.err.contains("to \(target.path)"))
    }

    @Test(
        "Bad requests fail with a message that says what to do, and store nothing",
        .enabled(if: binary != nil, "the verbatim binary is not built next to the tests"))
    func clearErrors() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let studyID = String(seeded.study.id!)
        let path = temporary.store.path
        let ring = Self.biometrics.appendingPathComponent("ppg/ring_data.csv").path
        let before = try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream")

        let cases: [(arguments: [String], message: String)] = [
            (["import", ring, "--study", "999", "--participant", "P-014", "--store", path], "Unknown study 999"),
            (["import", ring, "--study", studyID, "--participant", "P-999", "--store", path], "P-014, P-015"),
            (["import", ring, "--study", studyID, "--participant", "P-014", "--store", path], "--rate HZ and --start"),
            (["import", ring, "--study", studyID, "--participant", "P-014", "--rate=-3", "--store", path], "--rate must be"),
            (["import", ring, "--study", studyID, "--participant", "P-014", "--store", path + ".missing"], "There is no store"),
            (["export", "--study", studyID, "--format", "doc", "--store", path], "Unknown format doc"),
            (["export", "--study", studyID, "--format", "docx", "--store", path], "give a file with -o"),
            (["export", "--study", studyID, "--format", "txt", "--lang", "de", "--store", path], "--lang is fr or en"),
            (["export", "--study", studyID, "--format", "qdpx", "--store", path], "give a file with -o"),
            (["export", "--study", studyID, "--format", "srt", "--store", path], "gives a ZIP with one file each; give a file with -o"),
            (["export", "--study", "999", "--format", "csv", "--store", path], "Unknown study 999"),
        ]
        for (arguments, message) in cases {
            let run = try Self.verbatim(arguments)
            #expect(run.status != 0, "\(arguments) should fail")
            #expect(run.err.contains(message), "\(arguments): \(run.err)")
        }
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream") == before)
        #expect(!FileManager.default.fileExists(atPath: path + ".missing"))
    }
}
