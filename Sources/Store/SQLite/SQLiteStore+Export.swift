import Foundation
import GRDB

extension SQLiteStore {
    /// Everything needed to export a study (or some of its recordings), read in one snapshot.
    public func exportBundle(studyID: Int64, recordingIDs: [Int64]? = nil) async throws -> ExportBundle {
        try await read { db in
            guard let study = try Study.fetchOne(db, key: studyID) else { throw StoreError.notFound("study", studyID) }
            var recordings = try Recording.filter(Column("studyID") == studyID).order(Column("id")).fetchAll(db)
            if let wanted = recordingIDs {
                if let missing = wanted.first(where: { id in !recordings.contains { $0.id == id } }) {
                    throw StoreError.notFound("recording", missing)
                }
                recordings = recordings.filter { wanted.contains($0.id!) }
            }
            var bundles: [RecordingBundle] = []
            for recording in recordings {
                let transcript = try Transcript.fetchOne(
                    db, sql: "SELECT * FROM transcript WHERE id = \(TranscriptCurrency.currentIDSQL(recording: "?"))",
                    arguments: [recording.id])
                let segments =
                    try transcript.map {
                        try Segment.filter(Column("transcriptID") == $0.id).order(Column("position")).fetchAll(db)
                    } ?? []
                let words =
                    try transcript.map {
                        try Word.fetchAll(
                            db,
                            sql: """
                                SELECT word.* FROM word JOIN segment ON segment.id = word.segmentID
                                WHERE segment.transcriptID = ? ORDER BY segment.position, word.position
                                """, arguments: [$0.id])
                    } ?? []
                // The consensus is exported as its own coder, ``Coding/consensusCoderID`` ("Consensus").
                let stored: [Coding] =
                    try transcript.map {
                        try Coding.filter(Column("transcriptID") == $0.id).order(Column("charStart"), Column("id")).fetchAll(db)
                    } ?? []
                let codings = stored.map { coding -> Coding in
                    var coding = coding
                    if coding.isConsensus { coding.coderID = Coding.consensusCoderID }
                    return coding
                }
                bundles.append(
                    RecordingBundle(
                        recording: recording,
                        participants: try RecordingParticipant.filter(Column("recordingID") == recording.id).fetchAll(db),
                        transcript: transcript,
                        speakers: try Speaker.filter(Column("recordingID") == recording.id).order(Column("label")).fetchAll(db),
                        segments: segments, words: words, codings: codings))
            }
            let participants = try Participant.filter(Column("studyID") == studyID).order(Column("pseudonym")).fetchAll(db)
            let attributes = try ParticipantAttribute.fetchAll(
                db,
                sql: """
                    SELECT participant_attribute.* FROM participant_attribute
                    JOIN participant ON participant.id = participant_attribute.participantID
                    WHERE participant.studyID = ? ORDER BY participant_attribute.participantID, participant_attribute.name
                    """, arguments: [studyID])
            var users = try User.fetchAll(
                db,
                sql: """
                    SELECT * FROM app_user WHERE id IN (
                        SELECT userID FROM study_membership WHERE studyID = ?
                        UNION SELECT coding.coderID FROM coding JOIN transcript ON transcript.id = coding.transcriptID
                              JOIN recording ON recording.id = transcript.recordingID WHERE recording.studyID = ?
                        UNION SELECT authorID FROM memo WHERE studyID = ?)
                    ORDER BY id
                    """, arguments: [studyID, studyID, studyID])
            if bundles.contains(where: { $0.codings.contains(where: \.isConsensus) }) {
                users.insert(User(id: Coding.consensusCoderID, name: Coding.consensusName, email: "", createdAt: study.createdAt), at: 0)
            }
            let codes = try Code.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE tree(id, depth) AS (
                        SELECT id, 0 FROM code WHERE studyID = ? AND parentID IS NULL
                        UNION ALL SELECT code.id, tree.depth + 1 FROM code JOIN tree ON code.parentID = tree.id)
                    SELECT code.* FROM code JOIN tree ON tree.id = code.id ORDER BY tree.depth, code.name
                    """, arguments: [studyID])
            let memos = try Memo.filter(Column("studyID") == studyID).order(Column("id")).fetchAll(db)
            return ExportBundle(
                study: study, users: users, participants: participants, attributes: attributes, codes: codes, memos: memos,
                recordings: bundles)
        }
    }
}
