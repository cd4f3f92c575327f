import Foundation
import GRDB
import Testing

@testable import Store

/// One recording per file and study, and media files removed only when no recording refers to them.
@Suite struct RecordingFileTests {
    @Test func aSecondRecordingOfTheSameFileConflicts() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "Unique files", details: "")
        let other = try await store.createStudy(name: "Other study", details: "")
        let first = try await store.addRecording(
            Recording(studyID: study.id!, title: "first", mediaPath: "/m/a.wav", fileHash: "ab", container: "wav"))
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.addRecording(
                Recording(studyID: study.id!, title: "second", mediaPath: "/m/b.wav", fileHash: "ab", container: "wav"))
        }
        #expect(error?.kind == .conflict)
        #expect(error?.message.contains("recording \(first.id!) (\"first\")") == true, "\(String(describing: error))")
        // The same file in another study is another study's recording.
        _ = try await store.addRecording(
            Recording(studyID: other.id!, title: "elsewhere", mediaPath: "/m/c.wav", fileHash: "ab", container: "wav"))
        #expect(try await store.recordings(studyID: study.id!).map(\.id) == [first.id])
    }

    /// Copies that simultaneous uploads made before the unique index keep their rows through the migration.
    @Test func legacyDuplicatesSurviveTheMigration() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-legacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("store.sqlite").path
        let old = try DatabasePool(path: path)
        try StoreMigrations.migrator.migrate(old, upTo: "v3-biometrics-markers")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO study (name, createdAt) VALUES ('s', '2026-01-01')")
            for title in ["a", "b", "c"] {
                try db.execute(
                    sql: """
                        INSERT INTO recording (studyID, title, mediaPath, fileHash, container, hasVideo, createdAt)
                        VALUES (1, ?, '/m/shared.wav', 'ff', 'wav', 0, '2026-01-01')
                        """, arguments: [title])
            }
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        #expect(try await store.recordings(studyID: 1).map(\.title) == ["a", "b", "c"])
        await #expect(throws: StoreError.self) {
            _ = try await store.addRecording(Recording(studyID: 1, title: "d", mediaPath: "/m/d.wav", fileHash: "ff", container: "wav"))
        }
    }

    /// Erasing the participant of one of two recordings that share a media file keeps the file.
    @Test func erasureKeepsAFileAnotherRecordingUses() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "Shared file", details: "")
        let media = temporary.folder.appendingPathComponent("shared.wav")
        try Data("RIFF shared".utf8).write(to: media)
        var recordings: [Recording] = []
        for (index, pseudonym) in ["P-001", "P-002"].enumerated() {
            let participant = try await store.createParticipant(studyID: study.id!, pseudonym: pseudonym)
            let recording = try await store.addRecording(
                Recording(studyID: study.id!, title: pseudonym, mediaPath: media.path, fileHash: "\(index)", container: "wav"))
            try await store.linkParticipant(recordingID: recording.id!, participantID: participant.id!, role: .interviewee)
            recordings.append(recording)
        }
        let first = try await store.participants(studyID: study.id!)[0]
        let report = try await store.eraseParticipant(first.id!, actorID: nil, reason: "test")
        #expect(report.recordings == 1)
        #expect(FileManager.default.fileExists(atPath: media.path))
        #expect(try await store.recordings(studyID: study.id!).map(\.id) == [recordings[1].id])
    }
}
