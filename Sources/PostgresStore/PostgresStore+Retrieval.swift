import Foundation
import PostgresNIO
import Store

extension PostgresStore: RetrievalStore {
    /// The coded segments of a study's current transcript versions (`TranscriptCurrency`) that
    /// match `query`, in recording (title in code-point order, as on SQLite) and text order; read
    /// in one snapshot.
    public func codedSegments(studyID: Int64, query: CodedSegmentQuery) async throws -> [CodedSegment] {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            return try await self.codedSegments(studyID: studyID, query: query, connection)
        }
    }

    /// The study's code × case matrix over the current transcript versions, read in one snapshot.
    public func codeCaseMatrix(studyID: Int64) async throws -> CodeCaseMatrix {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let segments = try await self.codedSegments(studyID: studyID, query: CodedSegmentQuery(), connection)
            let codes = try await self.codes(studyID: studyID, connection)
            let participants = try await self.studyParticipants(studyID, connection)
            return CodeCaseMatrix(codes: codes, participants: participants, segments: segments)
        }
    }

    /// ``codedSegments(studyID:query:)`` in the caller's transaction.
    private func codedSegments(studyID: Int64, query: CodedSegmentQuery, _ connection: PostgresConnection) async throws
        -> [CodedSegment]
    {
        guard try await connection.count("SELECT id FROM study WHERE id = \(studyID)", logger: logger) > 0 else {
            throw StoreError.notFound("study", studyID)
        }
        let rows = try await connection.query(
            """
            SELECT coding.id, coding.codeID, coding.coderID, app_user.name, recording.id, recording.title,
                   coding.transcriptID, coding.charStart, coding.charEnd, coding.startTime, coding.endTime,
                   speaker.label, speaker.participantID, coalesce(speaker.isInterviewer, false), coding.isConsensus, transcript.text
            FROM coding
            JOIN transcript ON transcript.id = coding.transcriptID
            JOIN recording ON recording.id = transcript.recordingID
            LEFT JOIN app_user ON app_user.id = coding.coderID
            LEFT JOIN speaker ON speaker.id = (
                SELECT segment.speakerID FROM segment
                WHERE segment.transcriptID = coding.transcriptID AND segment.charEnd > coding.charStart
                ORDER BY segment.position LIMIT 1)
            WHERE recording.studyID = \(studyID)
              AND transcript.id = \(unescaped: TranscriptCurrency.currentIDSQL(recording: "recording.id"))
            ORDER BY recording.title COLLATE "C", recording.id, coding.charStart, coding.id
            """, logger: logger
        ).collect()
        var links: [Int64: [RecordingParticipant]] = [:]
        for row in try await connection.query(
            """
            SELECT recording_participant.recordingID, recording_participant.participantID, recording_participant.role
            FROM recording_participant JOIN recording ON recording.id = recording_participant.recordingID
            WHERE recording.studyID = \(studyID)
            """, logger: logger
        ).collect() {
            let (recordingID, participantID, role) = try row.decode((Int64, Int64, String).self)
            links[recordingID, default: []].append(
                RecordingParticipant(recordingID: recordingID, participantID: participantID, role: ParticipantRole(rawValue: role)))
        }
        let allowed = try await participants(studyID: studyID, matching: query, connection)
        var texts: [Int64: [Unicode.Scalar]] = [:]
        var segments: [CodedSegment] = []
        for row in rows {
            let (
                codingID, codeID, coderID, coderName, recordingID, recordingTitle, transcriptID, charStart, charEnd, startTime, endTime,
                speakerLabel, speakerParticipantID, speakerIsInterviewer, isConsensus, transcriptText
            ) = try row.decode(
                (Int64, Int64, Int64, String?, Int64, String, Int64, Int, Int, Double, Double, String?, Int64?, Bool, Bool, String).self)
            if let codeIDs = query.codeIDs, !codeIDs.contains(codeID) { continue }
            if let wanted = query.coderID, wanted != coderID { continue }
            let cases = CodedSegment.cases(
                speakerParticipantID: speakerParticipantID, speakerIsInterviewer: speakerIsInterviewer,
                recordingLinks: links[recordingID] ?? [])
            if let wanted = query.participantID, !cases.contains(wanted) { continue }
            if let allowed, !cases.contains(where: allowed.contains) { continue }
            let scalars = texts[transcriptID] ?? Array(transcriptText.unicodeScalars)
            texts[transcriptID] = scalars
            let lower = min(max(0, charStart), scalars.count), upper = min(max(lower, charEnd), scalars.count)
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[lower..<upper])
            segments.append(
                CodedSegment(
                    // A consensus coding is the consensus's, not its decider's (as in exports).
                    codingID: codingID, codeID: codeID, coderID: coderID, coderName: isConsensus ? Coding.consensusName : coderName,
                    recordingID: recordingID, recordingTitle: recordingTitle, transcriptID: transcriptID, text: String(text),
                    charStart: charStart, charEnd: charEnd, startTime: startTime, endTime: endTime, speakerLabel: speakerLabel,
                    participantIDs: cases, isConsensus: isConsensus))
        }
        return segments
    }

    /// The ids of the study's participants having every attribute of `query`, or `nil` when it filters none.
    private func participants(studyID: Int64, matching query: CodedSegmentQuery, _ connection: PostgresConnection) async throws
        -> Set<Int64>?
    {
        guard !query.attributes.isEmpty else { return nil }
        var allowed: Set<Int64>?
        for filter in query.attributes {
            let ids = try await connection.query(
                """
                SELECT participant.id FROM participant_attribute
                JOIN participant ON participant.id = participant_attribute.participantID
                WHERE participant.studyID = \(studyID) AND participant_attribute.name = \(filter.name)
                  AND participant_attribute.value = \(filter.value)
                  AND (\(query.includeSensitive) OR NOT participant_attribute.isSensitive)
                """, logger: logger
            ).collect().map { try $0.decode(Int64.self) }
            allowed = allowed.map { $0.intersection(ids) } ?? Set(ids)
        }
        return allowed
    }
}
