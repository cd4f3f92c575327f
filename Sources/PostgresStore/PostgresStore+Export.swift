import Foundation
import PostgresNIO
import Store

extension PostgresStore: ExportStore {
    /// Everything needed to export a study (or some of its recordings), read in one snapshot, in
    /// SQLite's order (names in code-point order).
    ///
    /// The recordings' own rows are read here directly (recordings, links, speakers, segments and
    /// words are the recordings area's tables).
    public func exportBundle(studyID: Int64, recordingIDs: [Int64]?) async throws -> ExportBundle {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            guard
                let study = try await connection.fetchOne(
                    Study.self, "SELECT \(unescaped: Study.columns) FROM study WHERE id = \(studyID)", logger: self.logger)
            else { throw StoreError.notFound("study", studyID) }
            var recordings = try await connection.query(
                """
                SELECT \(unescaped: Recording.columns) FROM recording WHERE studyID = \(studyID) ORDER BY id
                """, logger: self.logger
            ).collect().map(Recording.init(row:))
            if let wanted = recordingIDs {
                if let missing = wanted.first(where: { id in !recordings.contains { $0.id == id } }) {
                    throw StoreError.notFound("recording", missing)
                }
                recordings = recordings.filter { wanted.contains($0.id!) }
            }
            var bundles: [RecordingBundle] = []
            for recording in recordings {
                bundles.append(try await self.recordingBundle(recording, connection))
            }
            let participants = try await self.studyParticipants(studyID, connection)
            let attributes = try await connection.query(
                """
                SELECT participant_attribute.id, participant_attribute.participantID, participant_attribute.name,
                    participant_attribute.value, participant_attribute.isSensitive
                FROM participant_attribute JOIN participant ON participant.id = participant_attribute.participantID
                WHERE participant.studyID = \(studyID)
                ORDER BY participant_attribute.participantID, participant_attribute.name COLLATE "C"
                """, logger: self.logger
            ).collect().map { row in
                let (id, participantID, name, value, isSensitive) = try row.decode((Int64, Int64, String, String, Bool).self)
                return ParticipantAttribute(id: id, participantID: participantID, name: name, value: value, isSensitive: isSensitive)
            }
            var users = try await connection.fetchAll(
                User.self,
                """
                SELECT \(unescaped: User.columns) FROM app_user WHERE id IN (
                    SELECT userID FROM study_membership WHERE studyID = \(studyID)
                    UNION SELECT coding.coderID FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                          JOIN recording ON recording.id = transcript.recordingID WHERE recording.studyID = \(studyID)
                    UNION SELECT authorID FROM memo WHERE studyID = \(studyID))
                ORDER BY id
                """, logger: self.logger)
            if bundles.contains(where: { $0.codings.contains(where: \.isConsensus) }) {
                users.insert(User(id: Coding.consensusCoderID, name: Coding.consensusName, email: "", createdAt: study.createdAt), at: 0)
            }
            let codes = try await self.codes(studyID: studyID, connection)
            let memos = try await connection.fetchAll(
                Memo.self, "SELECT \(unescaped: Memo.columns) FROM memo WHERE studyID = \(studyID) ORDER BY id", logger: self.logger)
            return ExportBundle(
                study: study, users: users, participants: participants, attributes: attributes, codes: codes, memos: memos,
                recordings: bundles)
        }
    }

    /// A recording's links, current transcript version (``TranscriptCurrency``) with its speakers,
    /// segments, words and codings (the consensus as its own coder, `Coding.consensusCoderID`).
    private func recordingBundle(_ recording: Recording, _ connection: PostgresConnection) async throws -> RecordingBundle {
        let recordingID = recording.id!
        let transcript = try await connection.fetchOne(
            Transcript.self,
            """
            SELECT \(unescaped: Transcript.columns) FROM transcript
            WHERE id = \(unescaped: TranscriptCurrency.currentIDSQL(recording: "\(recordingID)"))
            """, logger: logger)
        let links = try await connection.query(
            "SELECT participantID, role FROM recording_participant WHERE recordingID = \(recordingID) ORDER BY participantID",
            logger: logger
        ).collect().map { row in
            let (participantID, role) = try row.decode((Int64, String).self)
            return RecordingParticipant(recordingID: recordingID, participantID: participantID, role: ParticipantRole(rawValue: role))
        }
        let speakers = try await connection.query(
            "SELECT id, label, participantID, isInterviewer FROM speaker WHERE recordingID = \(recordingID) ORDER BY label COLLATE \"C\"",
            logger: logger
        ).collect().map { row in
            let (id, label, participantID, isInterviewer) = try row.decode((Int64, String, Int64?, Bool).self)
            return Speaker(id: id, recordingID: recordingID, label: label, participantID: participantID, isInterviewer: isInterviewer)
        }
        var segments: [Segment] = [], words: [Word] = [], codings: [Coding] = []
        if let transcriptID = transcript?.id {
            segments = try await connection.query(
                """
                SELECT id, position, start, "end", speakerID, text, confidence, charStart, charEnd, flags
                FROM segment WHERE transcriptID = \(transcriptID) ORDER BY position
                """, logger: logger
            ).collect().map { row in
                let (id, position, start, end, speakerID, text, confidence, charStart, charEnd, flags) = try row.decode(
                    (Int64, Int, Double, Double, Int64?, String, Double?, Int, Int, String?).self)
                return Segment(
                    id: id, transcriptID: transcriptID, position: position, start: start, end: end, speakerID: speakerID, text: text,
                    confidence: confidence, charStart: charStart, charEnd: charEnd, flags: flags)
            }
            words = try await connection.query(
                """
                SELECT word.id, word.segmentID, word.position, word.start, word."end", word.text, word.probability
                FROM word JOIN segment ON segment.id = word.segmentID
                WHERE segment.transcriptID = \(transcriptID) ORDER BY segment.position, word.position
                """, logger: logger
            ).collect().map { row in
                let (id, segmentID, position, start, end, text, probability) = try row.decode(
                    (Int64, Int64, Int, Double, Double, String, Double?).self)
                return Word(id: id, segmentID: segmentID, position: position, start: start, end: end, text: text, probability: probability)
            }
            codings = try await connection.fetchAll(
                Coding.self,
                "SELECT \(unescaped: Coding.columns) FROM coding WHERE transcriptID = \(transcriptID) ORDER BY charStart, id",
                logger: logger
            ).map { coding in
                var coding = coding
                if coding.isConsensus { coding.coderID = Coding.consensusCoderID }
                return coding
            }
        }
        return RecordingBundle(
            recording: recording, participants: links, transcript: transcript, speakers: speakers, segments: segments, words: words,
            codings: codings)
    }
}
