import Foundation
import GRDB

extension SQLiteStore {
    /// Full-text search (diacritics folded) over the current transcript version (``TranscriptCurrency``) of each recording of a study.
    ///
    /// Every word of `query` must begin a word of the segment (any order), so that "eleve" finds
    /// "élèves" and "fatigu" finds "fatiguée"; punctuation and FTS5 operators in the query are
    /// treated as plain text, so user input cannot cause a syntax error. The ligatures œ and æ are
    /// folded to oe and ae on both sides; the snippet shows the folded text.
    public func search(studyID: Int64, query: String, limit: Int = 50) async throws -> [SearchHit] {
        let pattern = Self.ftsPattern(query)
        guard !pattern.isEmpty else { throw StoreInputChecks.emptySearch(query) }
        return try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT transcript.recordingID, segment.transcriptID, segment.id AS segmentID, segment.position,
                           segment.start, segment."end", speaker.label, segment.text,
                           snippet(segment_fts, 0, '[', ']', '…', 16) AS snippet
                    FROM segment_fts
                    JOIN segment ON segment.id = segment_fts.rowid
                    JOIN transcript ON transcript.id = segment.transcriptID
                    JOIN recording ON recording.id = transcript.recordingID
                    LEFT JOIN speaker ON speaker.id = segment.speakerID
                    WHERE segment_fts MATCH ? AND recording.studyID = ?
                      AND transcript.id = \(TranscriptCurrency.currentIDSQL(recording: "transcript.recordingID"))
                    ORDER BY rank, segment.transcriptID, segment.position
                    LIMIT ?
                    """, arguments: [pattern, studyID, max(1, limit)])
            return rows.map { row in
                SearchHit(
                    recordingID: row[0], transcriptID: row[1], segmentID: row[2], segmentIndex: row[3], start: row[4],
                    end: row[5], speakerLabel: row[6], text: row[7], snippet: row[8])
            }
        }
    }

    /// Quotes every word of `query` as an FTS5 prefix string (`"eleve"*`) so that the words are ANDed,
    /// each matches the words it begins, and nothing is an operator.
    static func ftsPattern(_ query: String) -> String {
        SearchQuery.words(query).map { "\"\($0)\"*" }.joined(separator: " ")
    }
}
