import Foundation
import Service
import Store
import Testing

/// Wearable imports run as jobs in a worker, not in the HTTP request: what a user sees when the
/// file is bad, and what erasure does to an import still waiting.
@Suite("Wearable imports as jobs")
struct BiometricImportJobTests {
    @Test func aFileThatCannotBeReadFailsItsJobInTheUsersTerms() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        // A .csv name with a body that is no table: recognised by name, refused by the worker.
        let reply = try await server.send(
            "POST", "/participants/\(f.participantID)/biometrics?filename=ring.csv", token: f.tokens["researcher"],
            body: Data("just one line of prose, no header and no numbers".utf8))
        #expect(reply.status == 202, "\(reply.text)")
        let job = try #require(try await server.runImports().first)
        #expect(job.state == .failed)
        let error = try #require(job.error)
        #expect(error.contains("ring.csv"), "\(error)")
        #expect(!error.contains(server.dataDirectory.path) && !error.contains("imports/"), "\(error)")
        #expect(job.attempts == 1, "a file that cannot be read is not retried")
        #expect(try await server.store.biometricStreams(participantID: f.participantID).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.backend.configuration.importsDirectory.path).isEmpty)
        // The job is read through the API like a transcription job.
        let read = try await server.send("GET", "/jobs/\(job.id!)", token: f.tokens["researcher"])
        #expect(read.status == 200 && read.text.contains("ring.csv"))
    }

    @Test func erasingAParticipantRemovesTheirWaitingImport() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let e4 = TestPaths.repository.appendingPathComponent("Tests/BiometricsTests/Fixtures/empatica_e4_flirt.zip")
        let reply = try await server.send(
            "POST", "/participants/\(f.erasableParticipantID)/biometrics?filename=e4.zip", token: f.tokens["researcher"],
            body: try Data(contentsOf: e4))
        #expect(reply.status == 202, "\(reply.text)")
        let queued: Job = try reply.json()
        let imports = server.backend.configuration.importsDirectory.path
        #expect(try FileManager.default.contentsOfDirectory(atPath: imports).count == 1)

        let plan = try await server.send("GET", "/participants/\(f.erasableParticipantID)/erasure", token: f.tokens["studyAdmin"])
        #expect(plan.status == 200)
        #expect((try plan.json(ErasurePlan.self)).jobs >= 1, "the preview counts the waiting import")
        let erased = try await server.send("DELETE", "/participants/\(f.erasableParticipantID)", token: f.tokens["studyAdmin"])
        #expect(erased.status == 200, "\(erased.text)")
        #expect(try await server.store.job(id: queued.id!) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: imports).isEmpty)
        #expect(try await server.runImports().isEmpty)
    }
}
