import Foundation
import Testing

@testable import Store

/// `verbatim participant identity`: the identity vault from the command line, with the master key,
/// the identity passed as a JSON file (never as arguments), each access audited without the words.
@Suite struct IdentityCommandTests {
    @Test(.enabled(if: ImportExportCommandTests.binary != nil, "the verbatim binary is not built next to the tests"))
    func setShowAndDeleteWithTheMasterKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-identity-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = folder.appendingPathComponent("data"), keys = folder.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let keyFile = keys.appendingPathComponent("master.key")
        _ = try MasterKey.create(at: keyFile)
        let data = ["--data", dataFolder.path]
        #expect(try StudyCommandTests.run(["study", "create", "--name", "Parcours"] + data).status == 0)
        #expect(try StudyCommandTests.run(["participant", "create", "--study", "1", "--pseudonym", "P-001"] + data).status == 0)
        let identity = ParticipantIdentity(
            fullName: "Maëlys Quelennec", otherNames: ["Yannick Kerdraon"], phone: "06 98 76 54 32", email: "maelys.q@example.org")
        let json = keys.appendingPathComponent("identity.json")
        try JSONEncoder().encode(identity).write(to: json)
        let target = ["--participant", "1"] + data

        // Without the master key: refused, saying how to give it.
        let locked = try StudyCommandTests.run(["participant", "identity", "set", "--from", json.path] + target)
        #expect(locked.status != 0 && locked.err.contains("--master-key-file") && locked.err.contains("create-master-key"), "\(locked.err)")

        let key = ["--master-key-file", keyFile.path]
        let set = try StudyCommandTests.run(["participant", "identity", "set", "--from", json.path] + target + key)
        #expect(set.status == 0 && set.out == "identity of participant 1 P-001 set\n", "\(set.err)")
        let shown = try StudyCommandTests.run(["participant", "identity", "show"] + target + key)
        #expect(shown.status == 0, "\(shown.err)")
        #expect(try JSONDecoder().decode(ParticipantIdentity.self, from: Data(shown.out.utf8)) == identity)
        let unknown = try StudyCommandTests.run(["participant", "identity", "show", "--participant", "7"] + data + key)
        #expect(unknown.status != 0 && unknown.err.contains("Unknown participant 7"), "\(unknown.err)")

        // Sealed on disk: no word in the database or its WAL; each access audited, without the words.
        let words = ["Quelennec", "Kerdraon", "06 98 76 54 32", "maelys.q"]
        for name in ["verbatim.sqlite", "verbatim.sqlite-wal"] {
            let url = dataFolder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let bytes = try Data(contentsOf: url)
            for word in words { #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) in \(name)") }
        }
        #expect(try StudyCommandTests.run(["participant", "identity", "delete"] + target + key).status == 0)
        let gone = try StudyCommandTests.run(["participant", "identity", "show"] + target + key)
        #expect(gone.status != 0 && gone.err.contains("no identity"), "\(gone.err)")
        let store = try SQLiteStore(path: dataFolder.appendingPathComponent("verbatim.sqlite").path)
        let events = try await store.auditEvents(afterID: 0, limit: 100).filter { $0.action.hasPrefix("identity.") }
        #expect(events.map(\.action) == ["identity.write", "identity.read", "identity.delete", "identity.read"])
        #expect(events.allSatisfy { $0.targetID == 1 && $0.details.contains("command line") })
        let audit = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        for word in words { #expect(!audit.contains(word), "\(word) in the audit log") }
        #expect(try await store.sealedIdentity(participantID: 1) == nil)
    }
}
