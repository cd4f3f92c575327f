import Foundation
import Store
import Testing

@testable import PostgresStore

/// Retention on both backends: a study's rule set, replaced and removed, checked; original
/// media deleted once, in one transaction with its audit event, a redacted copy kept in its place
/// or none; a file another recording uses stays.
@Suite("Store contract: retention")
struct RetentionContractTests {
    @Test(arguments: StoreBackend.allCases)
    func rulesAreSetCheckedReplacedAndRemoved(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let other = try #require(try await store.createStudy(name: "Autre", details: "").id)
        let alice = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        #expect(try await store.retentionRule(studyID: studyID) == nil)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let rule = RetentionRule(studyID: studyID, days: 30, keepRedactedMedia: true, fill: .silence, setBy: alice, setAt: at)
        _ = try await store.setRetentionRule(rule)
        #expect(try await store.retentionRule(studyID: studyID) == rule)
        var changed = rule
        changed.days = 0
        changed.keepRedactedMedia = false
        changed.fill = .tone
        _ = try await store.setRetentionRule(changed)
        _ = try await store.setRetentionRule(RetentionRule(studyID: other, days: 365, keepRedactedMedia: false, setAt: at))
        #expect(try await store.retentionRules().map(\.studyID) == [studyID, other])
        #expect(try await store.retentionRule(studyID: studyID) == changed)

        await #expect(throws: StoreError.self) {
            _ = try await store.setRetentionRule(RetentionRule(studyID: studyID, days: -1, keepRedactedMedia: false, setAt: at))
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.setRetentionRule(RetentionRule(studyID: 999_999, days: 3, keepRedactedMedia: false, setAt: at))
        }
        #expect(try await store.retentionRule(studyID: studyID) == changed)
        try await store.removeRetentionRule(studyID: studyID)
        #expect(try await store.retentionRule(studyID: studyID) == nil)
        #expect(try await store.retentionRules().map(\.studyID) == [other])
    }

    @Test(arguments: StoreBackend.allCases)
    func originalMediaIsRemovedOnceWithItsAuditEvent(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Parcours", details: "").id)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func file(_ name: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data("audio \(name)".utf8).write(to: url)
            return url.path
        }
        let original = try file("original.wav"), copy = try file("redacted.flac"), lone = try file("lone.wav")
        let kept = try await store.addRecording(
            Recording(studyID: studyID, title: "Entretien 1", mediaPath: original, fileHash: String(repeating: "a", count: 64), container: "wav"))
        let gone = try await store.addRecording(
            Recording(studyID: studyID, title: "Entretien 2", mediaPath: lone, fileHash: String(repeating: "b", count: 64), container: "wav"))
        let at = Date(timeIntervalSince1970: 1_800_000_000)

        let removal = try await store.removeOriginalMedia(recordingID: kept.id!, replacement: copy, at: at, actorID: nil)
        #expect(removal.keptRedactedCopy && removal.removedFiles == [original] && removal.failedFiles.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: original) && FileManager.default.fileExists(atPath: copy))
        let stored = try #require(try await store.recording(id: kept.id!))
        #expect(stored.mediaPath == copy && stored.mediaRemovedAt == at && stored.mediaIsRedacted && !stored.mediaIsGone)

        let none = try await store.removeOriginalMedia(recordingID: gone.id!, replacement: nil, at: at, actorID: nil)
        #expect(!none.keptRedactedCopy && none.removedFiles == [lone])
        let bare = try #require(try await store.recording(id: gone.id!))
        #expect(bare.mediaPath == "" && bare.mediaIsGone && !bare.mediaIsRedacted)
        // The export bundle carries the state, as the routes read it there too.
        let bundle = try await store.exportBundle(studyID: studyID, recordingIDs: nil)
        #expect(bundle.recordings.map(\.recording.mediaRemovedAt) == [at, at])

        // Once only: a second removal is refused and changes nothing.
        await #expect(throws: StoreError.self) {
            _ = try await store.removeOriginalMedia(recordingID: kept.id!, replacement: nil, at: at, actorID: nil)
        }
        #expect(try await store.recording(id: kept.id!)?.mediaPath == copy)
        await #expect(throws: StoreError.self) {
            _ = try await store.removeOriginalMedia(recordingID: 999_999, replacement: nil, at: at, actorID: nil)
        }

        let events = try await store.auditEvents(afterID: 0, limit: 100).filter { $0.action == "recording.media-removed" }
        #expect(events.map(\.targetID) == [kept.id!, gone.id!])
        #expect(events.allSatisfy { $0.studyID == studyID && $0.targetKind == "recording" })
        #expect(events.map(\.id) == [removal.auditEventID, none.auditEventID])
        let logged = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        #expect(!logged.contains("original.wav") && !logged.contains("redacted.flac"))
        #expect(try await store.verifyAuditLog().isIntact)
    }
}
