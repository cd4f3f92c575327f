import Foundation
import GRDB

extension SQLiteStore {
    /// The coded segments of a study's current transcript versions (``TranscriptCurrency``) that
    /// match `query`, in recording and text order.
    public func codedSegments(studyID: Int64, query: CodedSegmentQuery) async throws -> [CodedSegment] {
        try await read { db in
            guard try Study.exists(db, key: studyID) else { throw StoreError.notFound("study", studyID) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT coding.id, coding.codeID, coding.coderID, app_user.name, recording.id, recording.title,
                           coding.transcriptID, coding.charStart, coding.charEnd, coding.startTime, coding.endTime,
                           speaker.label, speaker.participantID, ifnull(speaker.isInterviewer, 0), coding.isConsensus
                    FROM coding
                    JOIN transcript ON transcript.id = coding.transcriptID
                    JOIN recording ON recording.id = transcript.recordingID
                    LEFT JOIN app_user ON app_user.id = coding.coderID
                    LEFT JOIN speaker ON speaker.id = (
                        SELECT segment.speakerID FROM segment
                        WHERE segment.transcriptID = coding.transcriptID AND segment.charEnd > coding.charStart
                        ORDER BY segment.position LIMIT 1)
                    WHERE recording.studyID = ?
                      AND transcript.id = \(TranscriptCurrency.currentIDSQL(recording: "recording.id"))
                    ORDER BY recording.title, recording.id, coding.charStart, coding.id
                    """, arguments: [studyID])
            var links: [Int64: [RecordingParticipant]] = [:]
            for link in try RecordingParticipant.fetchAll(
                db,
                sql: """
                    SELECT recording_participant.* FROM recording_participant
                    JOIN recording ON recording.id = recording_participant.recordingID WHERE recording.studyID = ?
                    """, arguments: [studyID])
            {
                links[link.recordingID, default: []].append(link)
            }
            let allowed = try Self.participants(db, studyID: studyID, matching: query)
            var texts: [Int64: [Unicode.Scalar]] = [:]
            var segments: [CodedSegment] = []
            for row in rows {
                let codeID: Int64 = row[1], coderID: Int64 = row[2], recordingID: Int64 = row[4]
                if let codeIDs = query.codeIDs, !codeIDs.contains(codeID) { continue }
                if let wanted = query.coderID, wanted != coderID { continue }
                let cases = CodedSegment.cases(
                    speakerParticipantID: row[12], speakerIsInterviewer: row[13], recordingLinks: links[recordingID] ?? [])
                if let wanted = query.participantID, !cases.contains(wanted) { continue }
                if let allowed, !cases.contains(where: allowed.contains) { continue }
                let transcriptID: Int64 = row[6]
                if texts[transcriptID] == nil {
                    let text = try String.fetchOne(db, sql: "SELECT text FROM transcript WHERE id = ?", arguments: [transcriptID])
                    texts[transcriptID] = Array((text ?? "").unicodeScalars)
                }
                let scalars = texts[transcriptID] ?? []
                let charStart: Int = row[7], charEnd: Int = row[8]
                let lower = min(max(0, charStart), scalars.count), upper = min(max(lower, charEnd), scalars.count)
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[lower..<upper])
                segments.append(
                    CodedSegment(
                        // A consensus coding is the consensus's, not its decider's (as in exports).
                        codingID: row[0], codeID: codeID, coderID: coderID, coderName: row[14] ? Coding.consensusName : row[3],
                        recordingID: recordingID,
                        recordingTitle: row[5], transcriptID: transcriptID, text: String(text), charStart: charStart,
                        charEnd: charEnd, startTime: row[9], endTime: row[10], speakerLabel: row[11], participantIDs: cases,
                        isConsensus: row[14]))
            }
            return segments
        }
    }

    /// The study's code × case matrix over the current transcript versions.
    public func codeCaseMatrix(studyID: Int64) async throws -> CodeCaseMatrix {
        let segments = try await codedSegments(studyID: studyID, query: CodedSegmentQuery())
        let codebook = try await codes(studyID: studyID)
        let cases = try await participants(studyID: studyID)
        return CodeCaseMatrix(codes: codebook, participants: cases, segments: segments)
    }

    /// The ids of the study's participants having every attribute of `query`, or `nil` when it filters none.
    static func participants(_ db: Database, studyID: Int64, matching query: CodedSegmentQuery) throws -> Set<Int64>? {
        guard !query.attributes.isEmpty else { return nil }
        var allowed: Set<Int64>?
        for filter in query.attributes {
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT participant.id FROM participant_attribute
                    JOIN participant ON participant.id = participant_attribute.participantID
                    WHERE participant.studyID = ? AND participant_attribute.name = ? AND participant_attribute.value = ?
                      AND (? OR participant_attribute.isSensitive = 0)
                    """, arguments: [studyID, filter.name, filter.value, query.includeSensitive])
            allowed = allowed.map { $0.intersection(ids) } ?? Set(ids)
        }
        return allowed
    }
}
