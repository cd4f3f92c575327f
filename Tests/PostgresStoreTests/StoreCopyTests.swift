import Foundation
import GRDB
import Testing

@testable import PostgresStore
@testable import Store

/// `verbatim store copy`: a team's SQLite store, built through the store's own API, copied into an
/// empty PostgreSQL store, then read back through the `Store` protocol on both sides.
@Suite("Store copy: SQLite to PostgreSQL")
struct StoreCopyTests {
    /// A SQLite store in a temporary folder, and what removes it.
    static func sqliteStore() throws -> (store: SQLiteStore, path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("verbatim.sqlite").path
        return (try SQLiteStore(path: path), path, folder)
    }

    /// Stores `input` as a new transcript version, as a worker does.
    static func transcribe(_ store: SQLiteStore, recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript {
        let job = try await store.enqueue(kind: "transcribe", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        let claimed = try #require(try await store.claimJob(worker: "w1", kinds: ["transcribe"], lease: 60))
        #expect(claimed.id == job.id)
        return try await store.completeTranscriptionJob(jobID: job.id!, worker: "w1", recordingID: recordingID, transcript: input)
    }

    /// What a team's store holds: two studies, people and tokens, participants, recordings with
    /// transcript versions, codes and codings, a memo, wearable streams, a capture, jobs in
    /// every state, and an erased participant (an identifier SQLite never gives again).
    struct Team {
        var studies: [Int64] = []
        var participants: [Int64] = []
        var recordings: [Int64] = []
        var users: [Int64] = []
        var streams: [Int64] = []
        var captureID: Int64 = 0
        /// The master key of the study keys; P-001 has an identity in the vault.
        var master = MasterKey.generate()
    }

    static func buildTeam(_ store: SQLiteStore) async throws -> Team {
        var team = Team()
        let fatigue = try #require(try await store.createStudy(name: "Fatigue", details: "Entretiens semi-directifs").id)
        let sommeil = try #require(try await store.createStudy(name: "Sommeil", details: "").id)
        team.studies = [fatigue, sommeil]
        // A study pseudonymised for coders: the setting arrives with it (the studies are compared below).
        _ = try await store.setStudySettings(studyID: sommeil, blindCoding: false, blindNames: false, pseudonymisedForCoders: true)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let ben = try #require(try await store.createUser(name: "Ben", email: "Ben@Example.org").id)
        team.users = [ana, ben]
        try await store.setMembership(studyID: fatigue, userID: ana, role: .researcher)
        try await store.setMembership(studyID: fatigue, userID: ben, role: .coder)
        try await store.setMembership(studyID: sommeil, userID: ana, role: .admin)
        _ = try await store.addToken(
            APIToken(tokenHash: String(repeating: "a", count: 64), userID: ana, isAdmin: true, label: "scripts",
                createdAt: Date(timeIntervalSince1970: 1_780_000_000)))
        let revoked = try await store.addToken(APIToken(tokenHash: String(repeating: "b", count: 64), userID: ben, isAdmin: false))
        _ = try await store.revokeToken(id: revoked.id!, userID: ben, at: Date(timeIntervalSince1970: 1_780_000_100))

        let p1 = try #require(try await store.createParticipant(studyID: fatigue, pseudonym: "P-001").id)
        let p2 = try #require(try await store.createParticipant(studyID: fatigue, pseudonym: "P-002").id)
        let p3 = try #require(try await store.createParticipant(studyID: sommeil, pseudonym: "S-001").id)
        let erased = try #require(try await store.createParticipant(studyID: fatigue, pseudonym: "P-099").id)
        _ = try await store.eraseParticipant(erased, actorID: ana, reason: "withdrew consent")
        team.participants = [p1, p2, p3]
        try await store.setAttribute(participantID: p1, name: "âge", value: "40-49", isSensitive: false)
        try await store.setAttribute(participantID: p1, name: "diagnostic", value: "SEP", isSensitive: true)
        let vault = IdentityVault(keyring: try StudyKeyring(master: team.master, storage: store))
        try await store.setSealedIdentity(
            try vault.seal(IdentityVaultContractTests.identity, participantID: p1, studyID: fatigue, by: ana, at: Date(timeIntervalSince1970: 1_780_000_000)))

        let r1 = try #require(
            try await store.addRecording(
                Recording(studyID: fatigue, title: "Entretien 1", mediaPath: "media/r1.wav", fileHash: String(repeating: "1", count: 64),
                    container: "wav", audioChannels: 1, duration: 8, recordedAt: Date(timeIntervalSince1970: 1_770_000_000),
                    originalName: "entretien-1.wav")
            ).id)
        let r2 = try #require(
            try await store.addRecording(
                Recording(studyID: sommeil, title: "Nuit", mediaPath: "media/r2.mp4", fileHash: String(repeating: "2", count: 64),
                    container: "mp4", hasVideo: true)
            ).id)
        team.recordings = [r1, r2]
        try await store.linkParticipant(recordingID: r1, participantID: p1, role: "interviewee")
        try await store.linkParticipant(recordingID: r1, participantID: p2, role: "interviewer")
        try await store.linkParticipant(recordingID: r2, participantID: p3, role: "interviewee")
        _ = try await store.setRecordingSync(
            RecordingSync(recordingID: r1, wallClockStart: Date(timeIntervalSince1970: 1_770_000_000), offset: 0.25,
                updatedAt: Date(timeIntervalSince1970: 1_770_000_500)))

        let first = try await transcribe(store, recordingID: r1, InterviewFixture.input)
        var corrected = InterviewFixture.input
        corrected.segments[1].text = "La fatigue revient le soir."
        corrected.segments.append(SegmentInput(start: 8.5, end: 10, speakerLabel: "SPEAKER_01", text: "Le cœur s’emballe."))
        let second = try await transcribe(store, recordingID: r1, corrected)
        let night = try await transcribe(
            store, recordingID: r2,
            TranscriptInput(
                engine: "whisper", model: "base", language: "fr", status: .draft,
                segments: [
                    SegmentInput(start: 0, end: 3, speakerLabel: "SPEAKER_00", text: "Je me réveille fatigué, ÉPUISÉ même."),
                    SegmentInput(start: 3, end: 5, speakerLabel: "SPEAKER_01", text: "Et le cœur ?"),
                ]))
        #expect(first.version == 1 && second.version == 2 && night.version == 1)

        let symptom = try await store.addCode(Code(studyID: fatigue, name: "Symptômes", color: "#aa0000"))
        let tiredness = try await store.addCode(Code(studyID: fatigue, parentID: symptom.id, name: "Fatigue"))
        let coding = try await store.addCoding(transcriptID: second.id!, codeID: tiredness.id!, coderID: ben, charStart: 19, charEnd: 26)
        _ = try await store.addCoding(transcriptID: second.id!, codeID: symptom.id!, coderID: ana, charStart: 0, charEnd: 15)
        _ = try await store.addMemo(
            Memo(studyID: fatigue, authorID: ana, title: "Le soir", text: "Revient souvent.", codingID: coding.id))

        let (streams, samples) = try BiometricContractTests.e4Streams(studyID: sommeil, participantID: p3)
        for (stream, values) in zip(streams, samples) {
            team.streams.append(try #require(try await store.addBiometricStream(stream, samples: values).id))
        }

        let capture = try await store.createCapture(
            Capture(
                studyID: fatigue, title: "Entretien du 4", createdBy: ana, consentBy: ana, consentAt: Date(timeIntervalSince1970: 1_790_000_000),
                consentNote: "Oral", mimeType: "audio/webm", participantID: p2, language: "fr", state: .recording, chunkCount: 0,
                createdAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_000)))
        team.captureID = try #require(capture.id)
        for index in 0..<3 {
            _ = try await store.appendCaptureChunk(
                CaptureChunk(
                    captureID: team.captureID, chunkIndex: index, part: 0, sha256: String(repeating: "\(index)", count: 64),
                    byteCount: 1_000, receivedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(index))))
        }

        _ = try await store.enqueue(kind: "export", payload: #"{"studyID":1}"#, studyID: fatigue, priority: 3, maxAttempts: 2)
        let running = try await store.enqueue(kind: "peaks", payload: "{}", studyID: sommeil, priority: 1, maxAttempts: 3)
        #expect(try await store.claimJob(worker: "w2", kinds: ["peaks"], lease: 600)?.id == running.id)
        let cancelled = try await store.enqueue(kind: "peaks", payload: "{}", studyID: nil, priority: 0, maxAttempts: 1)
        try await store.cancelJob(jobID: cancelled.id!)
        _ = try await store.appendAudit(
            actorID: ana, action: "export.download", studyID: fatigue, targetKind: "study", targetID: fatigue,
            details: ["format": .string("qdpx")])
        return team
    }

    /// `value` as JSON with sorted keys and dates to the microsecond (PostgreSQL keeps microseconds, SQLite
    /// milliseconds; the same instant read from each may differ in the last bits of its `Double`).
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every table's rows, read behind the target's back.
    static func counts(_ target: PostgresStore, _ tables: [String]) async throws -> [String: Int] {
        try await target.withConnection { connection in
            var counts: [String: Int] = [:]
            for table in tables { counts[table] = try await StoreCopyWriter.count(table, connection, logger: target.logger) }
            return counts
        }
    }

    @Test func aTeamsStoreArrivesWholeAndAnswersTheSame() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let (source, path, folder) = try Self.sqliteStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let team = try await Self.buildTeam(source)
        let target = try await PostgresStore.open(location)
        defer { target.close() }

        let report = try await StoreCopy.copy(fromSQLite: path, to: target, batchRows: 7)

        let copied = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.name, $0) })
        #expect(report.tables.allSatisfy { $0.sourceRows == $0.targetRows })
        #expect(copied["segment"]?.targetRows == 9, "3 + 4 + 2 segments of three transcript versions")
        #expect(copied["study"]?.targetRows == 2 && copied["participant"]?.targetRows == 3 && copied["transcript"]?.targetRows == 3)
        #expect(copied["biometric_chunk"].map { $0.targetRows > 0 } == true)
        #expect(report.skipped.contains { $0.table == "segment_fts" }, "the FTS5 index is derived")
        let order = report.tables.map(\.name)
        #expect(order.firstIndex(of: "study")! < order.firstIndex(of: "participant")!)
        #expect(order.firstIndex(of: "coding")! < order.firstIndex(of: "memo")!)

        // The same answers through the Store protocol.
        for studyID in team.studies {
            let expected = try await source.exportBundle(studyID: studyID, recordingIDs: nil)
            let actual = try await target.exportBundle(studyID: studyID, recordingIDs: nil)
            #expect(try Self.json(actual) == Self.json(expected), "export bundle of study \(studyID)")
            #expect(actual.recordings.count == 1 && actual.participants.count == (studyID == team.studies[0] ? 2 : 1))
        }
        #expect(try await Self.json(target.studies()) == Self.json(source.studies()))
        #expect(try await target.study(id: team.studies[1])?.pseudonymisedForCoders == true)
        #expect(try await Self.json(target.users()) == Self.json(source.users()))
        for query in ["fatigue", "coeur", "epuise", "revient le"] {
            for studyID in team.studies {
                let expected = try await source.search(studyID: studyID, query: query, limit: 20)
                #expect(try await target.search(studyID: studyID, query: query, limit: 20) == expected, "search \(query)")
            }
        }
        #expect(try await target.search(studyID: team.studies[0], query: "coeur", limit: 20).count == 1)
        #expect(try await target.search(studyID: team.studies[1], query: "epuise", limit: 20).count == 1)
        let sourceAudit = try await source.verifyAuditLog()
        let targetAudit = try await target.verifyAuditLog()
        #expect(targetAudit == sourceAudit && targetAudit.isIntact && targetAudit.eventCount == report.sourceAudit.eventCount)
        #expect(try await Self.json(target.auditEvents(afterID: 0, limit: 1_000)) == Self.json(source.auditEvents(afterID: 0, limit: 1_000)))
        for state in JobState.allCases {
            #expect(try await Self.json(target.jobs(state: state)) == Self.json(source.jobs(state: state)), "jobs \(state)")
        }
        #expect(try await target.jobs(state: .running).map(\.leaseOwner) == ["w2"])
        for userID in team.users {
            #expect(try await Self.json(target.tokens(userID: userID)) == Self.json(source.tokens(userID: userID)))
        }
        #expect(try await target.tokenHolder(hash: String(repeating: "a", count: 64)) != nil)
        for participantID in team.participants {
            #expect(
                try await target.attributes(participantID: participantID, includeSensitive: true)
                    == source.attributes(participantID: participantID, includeSensitive: true))
            let streams = try await source.biometricStreams(participantID: participantID)
            #expect(try await Self.json(target.biometricStreams(participantID: participantID)) == Self.json(streams))
            for stream in streams {
                let expected = try await source.biometricSamples(streamID: stream.id!, from: nil, to: nil)
                let actual = try await target.biometricSamples(streamID: stream.id!, from: nil, to: nil)
                #expect(BiometricContractTests.identical(actual, expected), "samples of stream \(stream.id!)")
            }
        }
        #expect(team.streams.count >= 2)
        for recordingID in team.recordings {
            #expect(try await Self.json(target.recordingSync(recordingID: recordingID)) == Self.json(source.recordingSync(recordingID: recordingID)))
            #expect(try await Self.json(target.transcripts(recordingID: recordingID)) == Self.json(source.transcripts(recordingID: recordingID)))
        }
        #expect(try await target.recordingSync(recordingID: team.recordings[0])?.offset == 0.25)
        #expect(
            try await Self.json(target.captures(studyID: team.studies[0], state: nil))
                == Self.json(source.captures(studyID: team.studies[0], state: nil)))
        #expect(try await target.capturePartBytes(captureID: team.captureID, part: 0) == 3_000)
        // The identity vault arrives as ciphertext, as it was, and opens there with the same master key.
        #expect(copied["identity_vault"]?.targetRows == 1 && copied["study_key"]?.targetRows == 1)
        let sealed = try #require(try await target.sealedIdentity(participantID: team.participants[0]))
        #expect(try await Self.json(sealed) == Self.json(source.sealedIdentity(participantID: team.participants[0])))
        let master = team.master, fatigue = team.studies[0]
        let identity = try await StudyKeyContractTests.blocking {
            try IdentityVault(keyring: StudyKeyring(master: master, storage: target)).open(sealed, studyID: fatigue)
        }
        #expect(identity == IdentityVaultContractTests.identity)

        // The copy goes on: new rows take new identifiers (the erased participant's included), the chain continues.
        let next = try await target.createParticipant(studyID: team.studies[0], pseudonym: "P-100")
        #expect(next.id == 5, "ids 1-3 are copied, 4 was erased on SQLite and is never given again")
        _ = try await target.appendAudit(
            actorID: nil, action: "store.copy", studyID: nil, targetKind: "store", targetID: nil, details: [:])
        let continued = try await target.verifyAuditLog()
        #expect(continued.isIntact && continued.eventCount == sourceAudit.eventCount + 1)
    }

    @Test func aSecondCopyIntoTheFilledStoreIsRefusedAndChangesNothing() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let (source, path, folder) = try Self.sqliteStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.buildTeam(source)
        let target = try await PostgresStore.open(location)
        defer { target.close() }
        let report = try await StoreCopy.copy(fromSQLite: path, to: target)
        let tables = report.tables.map(\.name)
        let before = try await Self.counts(target, tables)
        let head = try await target.verifyAuditLog()

        let refused = await #expect(throws: StoreError.self) { try await StoreCopy.copy(fromSQLite: path, to: target) }
        #expect(refused?.kind == .conflict && refused?.message.contains("not empty") == true)
        #expect(refused?.french?.contains("n’est pas vide") == true)
        #expect(try await Self.counts(target, tables) == before)
        #expect(try await target.verifyAuditLog() == head)
        #expect(before["segment"] == 9)
    }

    @Test func aTableThePostgreSQLStoreLacksRefusesTheCopyBeforeAnyWrite() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let (source, path, folder) = try Self.sqliteStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.buildTeam(source)
        try await source.pool.write { db in
            try db.execute(sql: "CREATE TABLE field_note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            try db.execute(sql: "INSERT INTO field_note (text) VALUES ('noté à la main')")
            // An empty table the target lacks loses nothing: it is listed, not refused.
            try db.execute(sql: "CREATE TABLE draft_note (id INTEGER PRIMARY KEY, text TEXT)")
        }
        let target = try await PostgresStore.open(location)
        defer { target.close() }

        let refused = await #expect(throws: StoreError.self) { try await StoreCopy.copy(fromSQLite: path, to: target) }
        #expect(refused?.kind == .invalidInput)
        #expect(refused?.message.contains("no table field_note") == true && refused?.message.contains("Upgrade") == true)
        #expect(refused?.french?.contains("field_note") == true)
        #expect(try await target.studies().count == 0)
        #expect(try await target.verifyAuditLog().eventCount == 0)

        try await source.pool.write { db in try db.execute(sql: "DROP TABLE field_note") }
        let report = try await StoreCopy.copy(fromSQLite: path, to: target)
        #expect(report.skipped.contains { $0.table == "draft_note" })
        #expect(try await target.studies().count == 2)
    }

    @Test func aMissingSourceFileIsAFileError() async throws {
        guard let location = try PostgresTestDatabase.freshLocation() else { return }
        let target = try await PostgresStore.open(location)
        defer { target.close() }
        let missing = await #expect(throws: StoreError.self) {
            try await StoreCopy.copy(fromSQLite: "/nonexistent/verbatim.sqlite", to: target)
        }
        #expect(missing?.kind == .file && missing?.message.contains("--from") == true)
    }
}
