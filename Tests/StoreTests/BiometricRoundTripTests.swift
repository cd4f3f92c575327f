import Biometrics
import Foundation
import Testing

@testable import Store

/// Real wearable exports, imported with the Biometrics importers, stored in a SQLite file and read
/// back: every stream must come back identical (values bit for bit, NaN gaps included).
@Suite("Biometric round trip")
struct BiometricRoundTripTests {
    static let biometrics = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/biometrics")

    /// The ring CSV has no time column: 32 Hz, and a start with a sub-millisecond fraction.
    static let ringStart = Date(timeIntervalSince1970: 1_700_000_000.123_456_7)

    static let samples = [
        "empatica_e4_flirt", "fit/garmin-fenix-5-run.fit", "edf/sleepedf_SC4001E0_first5min_short_psg.edf",
        "apple_health/export6s3sample.xml", "ppg/ring_data.csv",
    ]

    static func importSample(_ path: String) throws -> BiometricImport {
        let importer = BiometricImporter(
            participant: "P-007", csv: CSVImporter.Options(sampleRate: 32, start: ringStart, kind: .bvp, unit: "a.u.", source: "ring"))
        return try importer.read(biometrics.appendingPathComponent(path))
    }

    /// A study with participant P-007 in a fresh store.
    static func seed(_ store: SQLiteStore) async throws -> (study: Int64, participant: Int64) {
        let study = try await store.createStudy(name: "Stress au travail", details: "")
        let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-007")
        return (study.id!, participant.id!)
    }

    @Test("A real export survives the store unchanged", arguments: samples)
    func roundTrip(path: String) async throws {
        let imported = try Self.importSample(path)
        #expect(!imported.streams.isEmpty)
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (studyID, participantID) = try await Self.seed(temporary.store)
        let stored = try await temporary.store.importBiometrics(imported, studyID: studyID, participantID: participantID)
        #expect(stored.count == imported.streams.count)
        #expect(stored.allSatisfy { $0.format == .float64 && $0.id != nil })

        // Read back through a second connection to the same file: what is on disk, not a cache.
        let reopened = try SQLiteStore(path: temporary.store.path)
        let streams = try await reopened.biometricStreams(participantID: participantID)
        #expect(streams == stored, "stream metadata read back differs from what was stored")
        var readBack: [TimeSeries] = []
        for stream in streams { readBack.append(try await reopened.timeSeries(stream, participant: "P-007")) }
        #expect(readBack.count == imported.streams.count)
        for (original, copy) in zip(imported.streams, readBack) {
            // A Bool, so that a failure does not print a million values.
            let identical = copy == original
            #expect(identical, "\(path): \(original.kind.rawValue) \(original.label) differs after the round trip")
        }

        // Compact: one chunk row per 4096 samples of each stream, no more.
        for stream in streams {
            let chunks = try await reopened.countRaw("SELECT COUNT(*) FROM biometric_chunk WHERE streamID = \(stream.id!)")
            let expected = (stream.sampleCount + BiometricChunk.chunkSize - 1) / BiometricChunk.chunkSize
            #expect(chunks == expected, "\(stream.kind) \(stream.sampleCount) samples")
        }
        let total = imported.streams.reduce(0) { $0 + $1.count }
        #expect(try await reopened.countRaw("SELECT SUM(sampleCount) FROM biometric_chunk") == total)

        // One audit event for the whole import, and the chain still verifies.
        let events = try await reopened.auditEvents(afterID: 0, limit: 100).filter { $0.action == "biometrics.import" }
        #expect(events.count == 1)
        #expect(events.first?.targetID == participantID)
        struct ImportDetails: Decodable, Equatable {
            var format: String
            var streams: Int
            var samples: Int
            var markers: Int?
        }
        let recorded = try JSONDecoder().decode(ImportDetails.self, from: Data((events.first?.details ?? "").utf8))
        #expect(
            recorded
                == ImportDetails(
                    format: imported.format.rawValue, streams: stored.count, samples: total,
                    markers: imported.markers.isEmpty ? nil : imported.markers.count))
        #expect(try await reopened.biometricMarkers(participantID: participantID).count == imported.markers.count)
        #expect(try await reopened.verifyAuditLog().isIntact)
    }

    @Test("The samples exercise both timings, NaN gaps and values float32 would round")
    func samplesCoverTheHardCases() throws {
        let all = try Self.samples.flatMap { try Self.importSample($0).streams }
        #expect(all.contains { $0.sampleRate == nil })
        #expect(all.contains { $0.sampleRate != nil })
        #expect(all.contains { $0.values.contains(where: \.isNaN) })
        #expect(all.contains { $0.values.contains { !$0.isNaN && Double(Float($0)) != $0 } })
        #expect(all.contains { $0.count > BiometricChunk.chunkSize })
    }

    @Test("Odd values and offsets come back bit for bit")
    func oddValues() async throws {
        let payloadNaN = Double(bitPattern: 0x7FF4_0000_0000_0123)  // signalling NaN with a payload
        let values = [1.0, .nan, payloadNaN, -0.0, .greatestFiniteMagnitude, 5e-324, -.infinity, 0.1 + 0.2]
        let regular = TimeSeries(
            source: "lab", kind: .eda, label: "EDA", unit: "uS", start: Date(timeIntervalSince1970: 1_600_000_000.5),
            timing: .regular(hz: 4), values: values)
        let irregular = TimeSeries(
            source: "lab", kind: .rrInterval, label: "IBI", unit: "s", start: Date(timeIntervalSince1970: 1_600_000_000),
            timing: .irregular(offsets: [0, 0.1, 0.1, 1 / 3, 2.718281828459045, 10, 10.000001, 1e6]), values: values)
        let unknown = TimeSeries(
            source: "ring", kind: .other, label: "", unit: "", start: Date(timeIntervalSince1970: 0),
            timing: .regular(hz: 0.1), values: [])
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (studyID, participantID) = try await Self.seed(temporary.store)
        let stored = try await temporary.store.importBiometrics(
            BiometricImport(format: .csv, streams: [regular, irregular, unknown]), studyID: studyID, participantID: participantID)
        var back: [TimeSeries] = []
        for stream in stored { back.append(try await temporary.store.timeSeries(stream)) }
        #expect(back == [regular, irregular, unknown])
        #expect(back[0].values[2].bitPattern == payloadNaN.bitPattern)
        #expect(back[0].values[3].sign == .minus)
        #expect(stored.map(\.label) == ["EDA", "IBI", ""])
        #expect(stored.map(\.kind) == ["eda", "rrInterval", "other"])
        // Changing one bit of one value must break equality, or the round-trip check proves nothing.
        var flipped = back[1]
        flipped.values[7] = Double(bitPattern: flipped.values[7].bitPattern ^ 1)
        #expect(flipped != irregular)
    }

    @Test("An unknown study or a participant of another study is refused, and nothing is stored")
    func refusesWrongTargets() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let (studyID, participantID) = try await Self.seed(store)
        let other = try await store.createStudy(name: "Autre", details: "")
        let imported = try Self.importSample("empatica_e4_flirt")
        await #expect(throws: StoreError.self) {
            try await store.importBiometrics(imported, studyID: 9_999, participantID: participantID)
        }
        let wrongStudy = await #expect(throws: StoreError.self) {
            try await store.importBiometrics(imported, studyID: other.id!, participantID: participantID)
        }
        #expect(wrongStudy?.kind == .invalidInput)
        let missing = await #expect(throws: StoreError.self) {
            try await store.importBiometrics(imported, studyID: studyID, participantID: 9_999)
        }
        #expect(missing?.kind == .notFound)
        #expect(try await store.countRaw("SELECT COUNT(*) FROM biometric_stream") == 0)
    }

    @Test("A store written before the v2 migrations is upgraded: empty labels, exact starts")
    func upgradesVersion1Stores() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let (studyID, participantID) = try await Self.seed(store)
        // Turn the file back into a v1 store holding one stream with a millisecond text start, as GRDB wrote them.
        try await store.executeRaw(
            """
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v2-%';
            ALTER TABLE biometric_stream DROP COLUMN label;
            INSERT INTO biometric_stream (studyID, participantID, device, kind, unit, sampleRate, channels, startTime, sampleCount, format)
            VALUES (\(studyID), \(participantID), 'E4', 'eda', 'uS', 4, 1, '2023-11-14 22:13:20.125', 0, 'float32');
            """)
        let upgraded = try SQLiteStore(path: store.path)
        let streams = try await upgraded.biometricStreams(participantID: participantID)
        #expect(streams.count == 1)
        #expect(streams.first?.label == "")
        #expect(streams.first?.startTime == Date(timeIntervalSince1970: 1_700_000_000.125))
        #expect(try await upgraded.countRaw("SELECT COUNT(*) FROM biometric_stream WHERE typeof(startTime) <> 'real'") == 0)
    }

    @Test("A multi-channel stream is not forced into a TimeSeries")
    func refusesMultiChannel() throws {
        let stream = BiometricStream(
            studyID: 1, participantID: 1, device: "E4", kind: "accX", unit: "g", sampleRate: 32, channels: 3,
            startTime: Date(timeIntervalSince1970: 0))
        #expect(throws: StoreError.self) {
            try TimeSeries(stream: stream, samples: BiometricSamples(regularValues: [1, 2, 3], rate: 32, channels: 3))
        }
    }
}
