import Foundation
import GRDB
import PostgresNIO
@testable import Store

@testable import PostgresStore

/// Rows the contract tests of part 2 (codings, biometrics, captures, erasure) build on, written
/// through the areas both backends implement.
extension OpenedStore {
    /// Stores `input` as a new transcript version of the recording, through the job queue's
    /// `completeTranscriptionJob` (the way workers write transcripts on both backends).
    func addTranscript(recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript {
        let job = try await claimedJob(worker: "fixture")
        return try await store.completeTranscriptionJob(
            jobID: job.id!, worker: "fixture", recordingID: recordingID, transcript: input)
    }

    /// Adds participant `pseudonym` to the study; returns its id. (The participants' area is part 1's:
    /// through SQLite's store, and on PostgreSQL the row as SQLite writes it.)
    func addParticipant(_ studyID: Int64, _ pseudonym: String) async throws -> Int64 {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.createParticipant(studyID: studyID, pseudonym: pseudonym).id!
        }
        guard let postgres = store as? PostgresStore else { throw FixtureError.unknownBackend }
        return try await postgres.withTransaction { connection in
            try await connection.query(
                "INSERT INTO participant (studyID, pseudonym, createdAt) VALUES (\(studyID), \(pseudonym), now()) RETURNING id",
                logger: postgres.logger
            ).collect().first!.decode(Int64.self)
        }
    }

    /// Links a participant to a recording, as SQLite's `linkParticipant` does.
    func linkParticipant(_ participantID: Int64, recordingID: Int64, role: String = "interviewee") async throws {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.linkParticipant(
                recordingID: recordingID, participantID: participantID, role: ParticipantRole(rawValue: role))
        }
        guard let postgres = store as? PostgresStore else { throw FixtureError.unknownBackend }
        _ = try await postgres.withTransaction { connection in
            try await connection.query(
                """
                INSERT INTO recording_participant (recordingID, participantID, role)
                VALUES (\(recordingID), \(participantID), \(role))
                """, logger: postgres.logger)
        }
    }

    /// A job of a kind of its own, claimed by `worker`.
    func claimedJob(worker: String) async throws -> Job {
        let kind = "fixture-\(UUID().uuidString)"
        _ = try await store.enqueue(kind: kind, payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        guard let job = try await store.claimJob(worker: worker, kinds: [kind], lease: 60) else { throw FixtureError.notClaimed }
        return job
    }

    /// Every biometric chunk row as stored, by stream and first sample.
    func biometricChunks() async throws -> [BiometricChunk] {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.pool.read { db in
                try BiometricChunk.fetchAll(db, sql: "SELECT * FROM biometric_chunk ORDER BY streamID, firstSample")
            }
        }
        guard let postgres = store as? PostgresStore else { throw FixtureError.unknownBackend }
        return try await postgres.withConnection { connection in
            try await connection.fetchAll(
                BiometricChunk.self, "SELECT \(unescaped: BiometricChunk.columns) FROM biometric_chunk ORDER BY streamID, firstSample",
                logger: postgres.logger)
        }
    }

    /// The integer the query selects (a count), read behind the store's back.
    func integer(_ sql: String) async throws -> Int {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
        }
        guard let postgres = store as? PostgresStore else { throw FixtureError.unknownBackend }
        return try await postgres.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: postgres.logger).collect().first?.decode(Int.self) ?? 0
        }
    }

    enum FixtureError: Error { case notClaimed, unknownBackend }
}

/// A three-segment interview whose offsets and times the coding tests compute by hand:
/// "Bonjour à tous." (0..<15, 0–2 s), "La fatigue revient." (16..<35, 2.5–5 s), "Oui." (36..<40,
/// 6–8 s, no word times).
enum InterviewFixture {
    static let input = TranscriptInput(
        engine: "whisper", model: "base", language: "fr", status: .draft,
        segments: [
            SegmentInput(
                start: 0, end: 2, speakerLabel: "SPEAKER_00", text: "Bonjour à tous.", confidence: 0.9,
                words: [
                    WordInput(start: 0, end: 0.8, text: " Bonjour"), WordInput(start: 0.8, end: 1, text: " à"),
                    WordInput(start: 1, end: 2, text: " tous."),
                ]),
            SegmentInput(
                start: 2.5, end: 5, speakerLabel: "SPEAKER_01", text: "La fatigue revient.", confidence: 0.8,
                words: [
                    WordInput(start: 2.5, end: 2.7, text: " La"), WordInput(start: 2.7, end: 3.5, text: " fatigue"),
                    WordInput(start: 3.5, end: 5, text: " revient."),
                ]),
            SegmentInput(start: 6, end: 8, speakerLabel: "SPEAKER_00", text: "Oui."),
        ])
}
