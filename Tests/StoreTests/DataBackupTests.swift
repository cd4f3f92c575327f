import Crypto
import Foundation
import Testing

@testable import Store

/// Backups taken while the store is written, restored into another folder and verified.
@Suite("Backup and restore")
struct DataBackupTests {
    static let speech = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/speech")

    /// A data folder as the service keeps it: the store, and real recordings under media/.
    struct DataFolder {
        let url: URL
        let store: SQLiteStore
        let study: Study
        let recordings: [Recording]

        init() async throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-backup-tests-\(UUID().uuidString)")
            try PrivateFiles.createFolder(url.appendingPathComponent("media/2026"))
            store = try SQLiteStore(path: url.appendingPathComponent("verbatim.sqlite").path)
            study = try await store.createStudy(name: "Étude sauvegardée", details: "")
            var recordings: [Recording] = []
            for name in ["fr_commonvoice_picovoice_test_fr.wav", "en_jfk_inaugural.flac", "en_librispeech_5703-47212-0000.ogg"] {
                let media = url.appendingPathComponent("media/2026").appendingPathComponent(name)
                try FileManager.default.copyItem(at: DataBackupTests.speech.appendingPathComponent(name), to: media)
                let sha = Hex.encode(SHA256.hash(data: try Data(contentsOf: media)))
                recordings.append(
                    try await store.addRecording(
                        Recording(studyID: study.id!, title: name, mediaPath: media.path, fileHash: sha, container: "wav")))
            }
            self.recordings = recordings
        }

        func cleanUp() { try? FileManager.default.removeItem(at: url) }
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-\(name)-\(UUID().uuidString)")
    }

    @Test("a backup taken during writes restores into another folder with every row, event and media file")
    func backupDuringWrites() async throws {
        let data = try await DataFolder()
        defer { data.cleanUp() }
        let backup = Self.temporary("backup"), restored = Self.temporary("restored")
        defer { try? FileManager.default.removeItem(at: backup); try? FileManager.default.removeItem(at: restored) }
        let store = data.store, studyID = data.study.id!
        let before = try await store.verifyAuditLog().eventCount
        // Participants and audit events written while the backup runs.
        let writer = Task {
            for index in 0..<300 {
                let participant = try await store.createParticipant(studyID: studyID, pseudonym: String(format: "P-%03d", index))
                _ = try await store.appendAudit(
                    actorID: nil, action: "participant.create", studyID: studyID, targetKind: "participant",
                    targetID: participant.id, details: [:])
            }
        }
        try await Task.sleep(for: .milliseconds(20))
        let manifest = try await DataBackup.make(store: store, dataFolder: data.url, to: backup)
        try await writer.value
        #expect(manifest.files.map(\.path).sorted() == [
            "media/2026/en_jfk_inaugural.flac", "media/2026/en_librispeech_5703-47212-0000.ogg",
            "media/2026/fr_commonvoice_picovoice_test_fr.wav", "verbatim.sqlite",
        ])
        #expect(manifest.rows["recording"] == 3)
        // One snapshot: each participant has its event, but the one written just before it.
        let participants = manifest.rows["participant"] ?? -1
        print("backup taken after \(participants) of 300 participants")
        #expect([participants, participants - 1].contains(manifest.auditEvents - before))

        let result = try await DataBackup.restore(from: backup, into: restored)
        #expect(result.movedMediaPaths == 3)
        #expect(result.auditEvents == manifest.auditEvents)
        let reopened = try SQLiteStore(path: restored.appendingPathComponent("verbatim.sqlite").path)
        #expect(try await reopened.participants(studyID: studyID).count == participants)
        #expect(try await reopened.verifyAuditLog().isIntact)
        for recording in try await reopened.recordings(studyID: studyID) {
            #expect(recording.mediaPath.hasPrefix(restored.standardizedFileURL.path + "/media/2026/"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: recording.mediaPath))
            #expect(Hex.encode(SHA256.hash(data: bytes)) == recording.fileHash)
        }
    }

    @Test("a damaged backup is refused, naming the file, and nothing is left in the data folder")
    func damagedBackupRefused() async throws {
        let data = try await DataFolder()
        defer { data.cleanUp() }
        let backup = Self.temporary("backup"), restored = Self.temporary("restored")
        defer { try? FileManager.default.removeItem(at: backup); try? FileManager.default.removeItem(at: restored) }
        try await DataBackup.make(store: data.store, dataFolder: data.url, to: backup)
        let damaged = backup.appendingPathComponent("media/2026/en_jfk_inaugural.flac")
        var bytes = try Data(contentsOf: damaged)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: damaged)
        do {
            _ = try await DataBackup.restore(from: backup, into: restored)
            Issue.record("a damaged backup should be refused")
        } catch let error as StoreError {
            #expect(error.message.contains("media/2026/en_jfk_inaugural.flac") && error.message.contains("damaged"))
            #expect(error.french?.contains("endommagée") == true)
        }
        // Refused before the copy: the data folder was not even made (or, if made, is empty).
        if FileManager.default.fileExists(atPath: restored.path) {
            #expect(try FileManager.default.contentsOfDirectory(atPath: restored.path).isEmpty)
        }
    }

    @Test("a backup is not written over existing files, and a restore only goes into an empty folder")
    func nothingOverwritten() async throws {
        let data = try await DataFolder()
        defer { data.cleanUp() }
        let backup = Self.temporary("backup")
        defer { try? FileManager.default.removeItem(at: backup) }
        await #expect(throws: StoreError.self) { try await DataBackup.make(store: data.store, dataFolder: data.url, to: data.url) }
        try await DataBackup.make(store: data.store, dataFolder: data.url, to: backup)
        do {
            _ = try await DataBackup.restore(from: backup, into: data.url)
            Issue.record("restoring over a data folder in use should be refused")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
        }
        #expect(try await data.store.recordings(studyID: data.study.id!).count == 3)
    }

    @Test(
        "verbatim backup and verbatim restore, as an administrator runs them",
        .enabled(if: ImportExportCommandTests.binary != nil, "the verbatim binary is not built next to the tests"))
    func commandLine() async throws {
        let data = try await DataFolder()
        defer { data.cleanUp() }
        let backup = Self.temporary("backup"), restored = Self.temporary("restored")
        defer { try? FileManager.default.removeItem(at: backup); try? FileManager.default.removeItem(at: restored) }
        let made = try ImportExportCommandTests.verbatim(["backup", "--to", backup.path, "--data", data.url.path])
        #expect(made.status == 0, "\(made.err)")
        #expect(String(decoding: made.out, as: UTF8.self).contains("4 files"))
        // The backup itself is in the live store's audit log.
        #expect(try await data.store.verifyAuditLog().eventCount >= 1)
        let back = try ImportExportCommandTests.verbatim(["restore", "--from", backup.path, "--data", restored.path])
        #expect(back.status == 0, "\(back.err)")
        #expect(String(decoding: back.out, as: UTF8.self).contains("4 files verified"))
        let list = try ImportExportCommandTests.verbatim(["study", "list", "--data", restored.path])
        #expect(String(decoding: list.out, as: UTF8.self).contains("Étude sauvegardée"))
        // A second restore into the now full folder is refused with a message, status not 0.
        let again = try ImportExportCommandTests.verbatim(["restore", "--from", backup.path, "--data", restored.path])
        #expect(again.status != 0 && again.err.contains("not empty"))
    }
}
