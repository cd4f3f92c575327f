import Foundation
import Testing

@testable import Store

/// A new user's first steps on the command line, with nothing but `--data DIR`: a study, a
/// participant, then an import into them — no server, no SQL.
@Suite struct StudyCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let result = try ImportExportCommandTests.verbatim(arguments)
        return (result.status, String(decoding: result.out, as: UTF8.self), result.err)
    }

    @Test func studyThenParticipantThenImport() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = ["--data", folder.path]

        let study = try Self.run(["study", "create", "--name", "Parcours de soins"] + data)
        #expect(study.status == 0, "\(study.err)")
        #expect(study.out == "study 1 Parcours de soins\n")
        let participant = try Self.run(["participant", "create", "--study", "1", "--pseudonym", "P-001"] + data)
        #expect(participant.status == 0, "\(participant.err)")
        #expect(participant.out == "participant 1 P-001 in study 1\n")
        #expect(try Self.run(["study", "list"] + data).out == "1\tParcours de soins\n")
        #expect(try Self.run(["participant", "list", "--study", "1"] + data).out == "1\tP-001\n")

        // A name is not a pseudonym; an unknown study names the studies there are.
        let named = try Self.run(["participant", "create", "--study", "1", "--pseudonym", "Marie Dupont"] + data)
        #expect(named.status != 0 && named.err.contains("pseudonym"), "\(named.err)")
        let unknown = try Self.run(["participant", "create", "--study", "7", "--pseudonym", "P-002"] + data)
        #expect(unknown.status != 0 && unknown.err.contains("Studies: 1 (Parcours de soins)"), "\(unknown.err)")

        let e4 = ImportExportCommandTests.biometrics.appendingPathComponent("empatica_e4_flirt").path
        let imported = try Self.run(["import", e4, "--study", "1", "--participant", "P-001"] + data)
        #expect(imported.status == 0, "\(imported.err)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("verbatim.sqlite").path)
        #expect(try await store.biometricStreams(participantID: 1).count == 8)
        let actions = try await store.auditEvents(afterID: 0, limit: 100).map(\.action)
        #expect(actions.starts(with: ["study.create", "participant.create"]))
    }
}
