import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Copies the codings of `old` onto `edited` at the same text (``TranscriptOffsetMap``, times
    /// from the new version's words), leaving those whose text was deleted; memos on `old` or on
    /// its codings move to `edited` and the copies. In the caller's transaction, as SQLite's
    /// `carryForward` does.
    func carryForward(from old: Transcript, map: TranscriptOffsetMap, to edited: Transcript, _ connection: PostgresConnection)
        async throws
    {
        let codings = try await connection.fetchAll(
            Coding.self, "SELECT \(unescaped: Coding.columns) FROM coding WHERE transcriptID = \(old.id!) ORDER BY id",
            logger: logger)
        for coding in codings {
            let start = map.offset(coding.charStart, isEnd: false), end = map.offset(coding.charEnd, isEnd: true)
            guard end > start else { continue }
            let copy = try await insertCoding(
                transcriptID: edited.id!, codeID: coding.codeID, coderID: coding.coderID, span: start..<end, createdAt: coding.createdAt,
                decidedBy: coding.decidedBy, isConsensus: coding.isConsensus, connection)
            try await connection.query(
                """
                UPDATE memo SET codingID = \(copy.id!),
                    transcriptID = CASE WHEN transcriptID = \(old.id!) THEN \(edited.id!) ELSE transcriptID END
                WHERE codingID = \(coding.id!)
                """, logger: logger)
        }
        try await connection.query(
            "UPDATE memo SET transcriptID = \(edited.id!) WHERE transcriptID = \(old.id!) AND codingID IS NULL", logger: logger)
    }

    /// Moves `codings` of a version changed in place along `map`, their times again from the new segments.
    func moveCodings(_ codings: [Coding], transcriptID: Int64, map: TranscriptOffsetMap, _ connection: PostgresConnection)
        async throws
    {
        for coding in codings {
            let start = map.offset(coding.charStart, isEnd: false), end = map.offset(coding.charEnd, isEnd: true)
            let times = try await codingTimes(transcriptID: transcriptID, span: start..<end, connection)
            try await connection.query(
                """
                UPDATE coding SET charStart = \(start), charEnd = \(end), startTime = \(times.start), endTime = \(times.end)
                WHERE id = \(coding.id!)
                """, logger: logger)
        }
    }
}
