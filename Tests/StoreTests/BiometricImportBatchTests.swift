import Biometrics
import Foundation
import Testing

@testable import Store

/// Several wearable files of one participant stored in one transaction, their markers kept, and a
/// marker used to synchronise a recording's clock.
@Suite("Biometric import: markers, one transaction, sync marker")
struct BiometricImportBatchTests {
    static let biometrics = BiometricRoundTripTests.biometrics
    static let sessionStart = 1_560_279_825.0

    /// The real E4 export with one tag press written into its (empty) tags.csv, as the E4 writes it.
    static func e4WithTag(at time: Double, in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("e4-tagged")
        try FileManager.default.copyItem(at: biometrics.appendingPathComponent("empatica_e4_flirt"), to: copy)
        try Data("\(time)\n".utf8).write(to: copy.appendingPathComponent("tags.csv"))
        return copy
    }

    @Test("Streams and markers of several files are stored together; markers keep their times")
    func markersAreStored() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (studyID, participantID) = try await BiometricRoundTripTests.seed(temporary.store)
        let importer = BiometricImporter(participant: "P-007")
        let hypnogram = try importer.read(Self.biometrics.appendingPathComponent("edf/sleepedf_SC4001EC-Hypnogram.edf"))
        let fit = try importer.read(Self.biometrics.appendingPathComponent("fit/garmin-fenix-5-run.fit"))
        #expect(!hypnogram.markers.isEmpty && !fit.markers.isEmpty)
        let stored = try await temporary.store.importBiometrics([hypnogram, fit], studyID: studyID, participantID: participantID)
        #expect(stored.streams.map(\.count) == [hypnogram.streams.count, fit.streams.count])
        #expect(stored.markers.map(\.count) == [hypnogram.markers.count, fit.markers.count])

        let reopened = try SQLiteStore(path: temporary.store.path)
        let markers = try await reopened.biometricMarkers(participantID: participantID)
        let expected = (hypnogram.markers + fit.markers).sorted { $0.time < $1.time }
        #expect(markers.count == expected.count)
        // Times bit for bit, durations, labels, kinds and sources, in time order.
        func key(_ time: Date, _ duration: Double?, _ label: String, _ kind: String, _ source: String) -> String {
            "\(time.timeIntervalSinceReferenceDate.bitPattern) \(duration.map { "\($0.bitPattern)" } ?? "-") \(label) \(kind) \(source)"
        }
        let keys = markers.map { key($0.time, $0.duration, $0.label, $0.kind, $0.source) }
        #expect(keys.sorted() == expected.map { key($0.time, $0.duration, $0.label, $0.kind.rawValue, $0.source) }.sorted())
        #expect(zip(markers, markers.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(Set(markers.map(\.kind)) == ["annotation", "deviceEvent"])
        let events = try await reopened.auditEvents(afterID: 0, limit: 100).filter { $0.action == "biometrics.import" }
        #expect(events.count == 2)
        #expect(events[0].details.contains("\"markers\":\(hypnogram.markers.count)"))
    }

    @Test("If the last import cannot be stored, nothing of any import is")
    func allOrNothing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (studyID, participantID) = try await BiometricRoundTripTests.seed(temporary.store)
        let importer = BiometricImporter(participant: "P-007")
        let e4 = try importer.read(Self.biometrics.appendingPathComponent("empatica_e4_flirt"))
        var bad = try importer.read(Self.biometrics.appendingPathComponent("fit/garmin-fenix-5-run.fit"))
        // The FIT file's last stream with its timestamps out of order: the store refuses it, late in the transaction.
        let last = try #require(bad.streams.indices.last { bad.streams[$0].offsets != nil })
        let offsets = try #require(bad.streams[last].offsets)
        bad.streams[last].timing = .irregular(offsets: offsets.reversed())
        let auditBefore = try await temporary.store.auditEvents(afterID: 0, limit: 1000).count
        await #expect(throws: StoreError.self) {
            try await temporary.store.importBiometrics([e4, bad], studyID: studyID, participantID: participantID)
        }
        #expect(try await temporary.store.biometricStreams(participantID: participantID).isEmpty)
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_chunk") == 0)
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_marker") == 0)
        #expect(try await temporary.store.auditEvents(afterID: 0, limit: 1000).count == auditBefore)

        // The same streams with a failure inside the transaction (a marker breaking a constraint) leave nothing either.
        let stream = BiometricStream(series: e4.streams[0], studyID: studyID, participantID: participantID)
        let orphan = BiometricMarker(studyID: studyID, participantID: 999_999, time: Date(), label: "tag", kind: "tag", source: "E4")
        await #expect(throws: StoreError.self) {
            try await temporary.store.addBiometrics(
                streams: [stream], samples: [BiometricSamples(series: e4.streams[0])], markers: [orphan], completing: nil)
        }
        #expect(try await temporary.store.countRaw("SELECT COUNT(*) FROM biometric_stream") == 0)
    }

    @Test("An E4 tag press sets the recording's offset so the tag falls where it is heard")
    func syncMarker() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let (studyID, participantID) = try await BiometricRoundTripTests.seed(temporary.store)
        let tagTime = Self.sessionStart + 100.5
        let imported = try BiometricImporter(participant: "P-007").read(try Self.e4WithTag(at: tagTime, in: temporary.folder))
        let stored = try await temporary.store.importBiometrics([imported], studyID: studyID, participantID: participantID)
        let tag = try #require(stored.markers[0].first)
        #expect(tag.kind == "tag" && tag.time == Date(timeIntervalSince1970: tagTime))

        let recording = try await temporary.store.addRecording(
            Recording(
                studyID: studyID, title: "Entretien", mediaPath: "/nonexistent.wav", fileHash: "00", container: "wav", duration: 600,
                recordedAt: Date(timeIntervalSince1970: Self.sessionStart + 20)))
        // Not linked yet: refused with what to do.
        do {
            try await temporary.store.syncRecording(recording.id!, markerID: tag.id!, secondsIntoRecording: 78)
            Issue.record("a marker of an unlinked participant was accepted")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput && error.message.contains("link the participant"))
        }
        try await temporary.store.linkParticipant(recordingID: recording.id!, participantID: participantID, role: .interviewee)
        // The press is heard 78 s into the recording, which the media says started 20 s into the session: 100.5 − 20 − 78.
        let sync = try await temporary.store.syncRecording(recording.id!, markerID: tag.id!, secondsIntoRecording: 78)
        #expect(sync.offset == 2.5 && sync.syncMarkerID == tag.id && sync.markerPosition == 78)
        let clock = try await temporary.store.recordingClock(recording)
        #expect(clock.absolute(78) == Date(timeIntervalSince1970: tagTime))
        let reread = try await temporary.store.recordingSync(recordingID: recording.id!)
        #expect(reread?.offset == 2.5 && reread?.syncMarkerID == tag.id && reread?.markerPosition == 78)
    }
}
