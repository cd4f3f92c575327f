import Biometrics
import Foundation
import Store
import Testing

@testable import PostgresStore

/// Biometric streams on both backends: a real Empatica E4 export stored and read back bit for
/// bit, in the same chunk bytes on SQLite and PostgreSQL; windows, markers, all-or-nothing writes
/// and the job completed in the same transaction.
@Suite("Store contract: biometrics")
struct BiometricContractTests {
    static let e4 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/biometrics/empatica_e4_flirt")

    /// The E4 export as the store's streams and sample sets, for a participant.
    static func e4Streams(studyID: Int64, participantID: Int64) throws -> (streams: [BiometricStream], samples: [BiometricSamples]) {
        let imported = try BiometricImporter(participant: "P-007").read(e4)
        return (
            imported.streams.map { BiometricStream(series: $0, studyID: studyID, participantID: participantID) },
            imported.streams.map(BiometricSamples.init(series:))
        )
    }

    /// Values compared bit for bit (NaN gaps included), as one Bool so a failure prints no arrays.
    static func identical(_ a: BiometricSamples, _ b: BiometricSamples) -> Bool {
        a.offsets.map(\.bitPattern) == b.offsets.map(\.bitPattern) && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
    }

    @Test(arguments: StoreBackend.allCases)
    func aRealExportComesBackBitForBitAndCompletesItsJob(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Stress", details: "").id)
        let participantID = try await opened.addParticipant(studyID, "P-007")
        let (streams, samples) = try Self.e4Streams(studyID: studyID, participantID: participantID)
        #expect(streams.map(\.kind).contains("bvp") && streams.contains { $0.sampleRate == nil }, "regular and irregular streams")
        let job = try await opened.claimedJob(worker: "w1")

        let markers = [
            BiometricMarker(
                studyID: studyID, participantID: participantID, time: Date(timeIntervalSince1970: 1_560_279_900.000_123_4),
                duration: 2.5, label: "début entretien", kind: "tag", source: "e4"),
            BiometricMarker(
                studyID: studyID, participantID: participantID, time: Date(timeIntervalSince1970: 1_560_279_850.5), label: "bouton",
                kind: "tag", source: "e4"),
        ]
        let stored = try await store.addBiometrics(
            streams: streams, samples: samples, markers: markers,
            completing: JobCompletion(jobID: job.id!, worker: "w1", result: #"{"streams":\#(streams.count)}"#))
        #expect(try await store.job(id: job.id!)?.state == .succeeded)
        #expect(try await store.job(id: job.id!)?.result == #"{"streams":\#(streams.count)}"#)

        let another = try await opened.another()
        defer { another.1() }
        let readBack = try await another.0.biometricStreams(participantID: participantID)
        #expect(readBack == stored.streams)
        #expect(readBack.map(\.startTime) == streams.map(\.startTime), "starts to the bit")
        #expect(readBack.map(\.sampleCount) == samples.map(\.offsets.count))
        for (stream, original) in zip(readBack, samples) {
            let all = try await another.0.biometricSamples(streamID: stream.id!, from: nil, to: nil)
            #expect(Self.identical(all, original), "\(stream.kind) \(stream.label) differs after the round trip")
        }
        let chunks = try await opened.biometricChunks()
        #expect(chunks.count == samples.reduce(0) { $0 + ($1.offsets.count + 4095) / 4096 }, "one chunk per 4096 samples")

        let bvp = try #require(readBack.first { $0.kind == "bvp" })
        // 63.875–64.125 s at 64 Hz: samples 4088...4104, across the first chunk boundary (4096).
        let window = try await store.biometricSamples(streamID: bvp.id!, from: 63.875, to: 64.125)
        #expect(window.offsets.count == 17 && window.offsets.first == 63.875 && window.offsets.last == 64.125)
        #expect(window.offsets == (4088...4104).map { Double($0) / 64 })
        #expect(window.values == Array(samples[readBack.firstIndex(of: bvp)!].values[4088...4104]))
        #expect(try await store.biometricMarkers(participantID: participantID).map(\.label) == ["bouton", "début entretien"])
        let first = try #require(stored.markers.first)
        #expect(try await store.biometricMarker(id: first.id!) == first)
        #expect(first.time == markers[0].time, "marker times to the bit")
        #expect(await (#expect(throws: StoreError.self) { try await store.biometricSamples(streamID: 9_999, from: nil, to: nil) })?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func nothingIsStoredWhenTheLeaseIsLostOrAStreamIsWrong(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Stress", details: "").id)
        let participantID = try await opened.addParticipant(studyID, "P-008")
        let stream = BiometricStream(
            studyID: studyID, participantID: participantID, device: "ring", kind: "bvp", unit: "a.u.", sampleRate: 32,
            startTime: Date(timeIntervalSince1970: 1_700_000_000.123_456_7))
        let job = try await opened.claimedJob(worker: "w1")
        let lost = await #expect(throws: StoreError.self) {
            try await store.addBiometrics(
                streams: [stream], samples: [BiometricSamples(regularValues: [1, 2, 3], rate: 32)], markers: [],
                completing: JobCompletion(jobID: job.id!, worker: "w2", result: "{}"))
        }
        #expect(lost?.kind == .leaseLost)
        let short = await #expect(throws: StoreError.self) {
            try await store.addBiometrics(
                streams: [stream, stream],
                samples: [BiometricSamples(regularValues: [1, 2], rate: 32), BiometricSamples(offsets: [0, 1], values: [1])],
                markers: [], completing: nil)
        }
        #expect(short?.kind == .invalidInput && short?.french?.contains("canal") == true)
        let unsorted = await #expect(throws: StoreError.self) {
            try await store.addBiometricStream(
                with(stream) { $0.sampleRate = nil }, samples: BiometricSamples(offsets: [0, 2, 1], values: [1, 2, 3]))
        }
        #expect(unsorted?.kind == .invalidInput)
        #expect(try await store.biometricStreams(participantID: participantID).isEmpty)
        #expect(try await opened.biometricChunks().isEmpty)
        #expect(try await store.job(id: job.id!)?.state == .running)

        // A float32 stream, irregular: values rounded to float32, offsets kept in float64.
        let stored = try await store.addBiometricStream(
            with(stream) { $0.sampleRate = nil; $0.format = .float32; $0.channels = 2 },
            samples: BiometricSamples(offsets: [0, 0.1, 0.30000000000000004], values: [1.1, -2, 3.3, 4, .nan, 6]))
        #expect(stored.sampleCount == 3 && stored.format == .float32 && stored.channels == 2)
        let read = try await store.biometricSamples(streamID: stored.id!, from: 0.1, to: nil)
        #expect(read.offsets == [0.1, 0.30000000000000004])
        #expect(read.values.map(\.bitPattern) == [3.3, 4, .nan, 6].map { Double(Float($0)).bitPattern })
    }

    @Test
    func bothBackendsWriteTheSameChunkBytes() async throws {
        var chunksByBackend: [[BiometricChunk]] = []
        for backend in StoreBackend.allCases {
            guard let opened = try await backend.open() else { return }
            defer { opened.close() }
            let studyID = try #require(try await opened.store.createStudy(name: "Stress", details: "").id)
            let participantID = try await opened.addParticipant(studyID, "P-007")
            let (streams, samples) = try Self.e4Streams(studyID: studyID, participantID: participantID)
            _ = try await opened.store.addBiometrics(streams: streams, samples: samples, markers: [], completing: nil)
            chunksByBackend.append(try await opened.biometricChunks().map { with($0) { $0.id = nil } })
        }
        #expect(chunksByBackend.count == 2 && !chunksByBackend[0].isEmpty)
        let same = chunksByBackend[0] == chunksByBackend[1]
        #expect(same, "SQLite and PostgreSQL hold different chunk bytes")
    }
}
