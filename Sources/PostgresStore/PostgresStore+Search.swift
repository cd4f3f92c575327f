import Foundation
import PostgresNIO
import Store

extension PostgresStore: SearchStore {
    /// Full-text search over the current transcript version (``TranscriptCurrency``) of each
    /// recording of a study, with SQLite's hits, order and snippets.
    ///
    /// Every word of `query` must begin a word of the segment (``SearchTokens``: diacritics, case and
    /// ligatures folded as FTS5's tokenizer does); the trigram index finds the candidates, and
    /// ``SearchRanking`` ranks them with FTS5's bm25 over the whole index and quotes them.
    public func search(studyID: Int64, query: String, limit: Int = 50) async throws -> [SearchHit] {
        let phrases = SearchTokens.phrases(query)
        guard !phrases.isEmpty else { throw StoreInputChecks.emptySearch(query) }
        let patterns = phrases.map { "% " + $0.joined(separator: " ") + "%" }
        return try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let current = try await self.currentTranscriptSQL(recording: "transcript.recordingID", connection)
            var bindings = PostgresBindings()
            bindings.append(studyID)
            for pattern in patterns { bindings.append(pattern) }
            let matches = patterns.indices.map { "searchTokens LIKE $\($0 + 2)" }.joined(separator: " AND ")
            // The matching segments first, in one scan of the trigram index, then their versions:
            // joined the other way round, the planner scans the index once per version.
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        WITH matched AS MATERIALIZED (
                            SELECT id, transcriptID, position, start, "end", speakerID, text FROM segment WHERE \(matches))
                        SELECT transcript.recordingID, matched.transcriptID, matched.id, matched.position, matched.start,
                               matched."end", speaker.label, matched.text
                        FROM matched
                        JOIN transcript ON transcript.id = matched.transcriptID
                        JOIN recording ON recording.id = transcript.recordingID
                        LEFT JOIN speaker ON speaker.id = matched.speakerID
                        WHERE recording.studyID = $1 AND transcript.id = \(current)
                        """, binds: bindings), logger: self.logger
            ).collect()
            guard !rows.isEmpty else { return [] }
            let statistics = try await self.searchStatistics(patterns, connection)
            let ranking = SearchRanking(phrases: phrases)
            var ranked: [(rank: Double, hit: SearchHit, tokens: SearchTokens)] = []
            for row in rows {
                let (recordingID, transcriptID, segmentID, position, start, end, label, text) = try row.decode(
                    (Int64, Int64, Int64, Int, Double, Double, String?, String).self)
                let tokens = SearchTokens(text)
                let hit = SearchHit(
                    recordingID: recordingID, transcriptID: transcriptID, segmentID: segmentID, segmentIndex: position,
                    start: start, end: end, speakerLabel: label, text: text, snippet: "")
                ranked.append((ranking.rank(tokens: tokens.tokens, statistics: statistics), hit, tokens))
            }
            ranked.sort { a, b in
                (a.rank, a.hit.transcriptID, a.hit.segmentIndex) < (b.rank, b.hit.transcriptID, b.hit.segmentIndex)
            }
            return ranked.prefix(max(1, limit)).map { item in
                var hit = item.hit
                hit.snippet = ranking.snippet(of: item.tokens)
                return hit
            }
        }
    }

    /// The figures of the whole index bm25 weighs with, as FTS5 keeps them: every segment of every
    /// study and version, and how many contain each phrase.
    private func searchStatistics(_ patterns: [String], _ connection: PostgresConnection) async throws
        -> SearchRanking.Statistics
    {
        let totals = try await connection.query(
            "SELECT count(*), coalesce(sum(tokenCount), 0) FROM segment", logger: logger
        ).collect().first!
        let (rows, tokens) = try totals.decode((Int, Int).self)
        var phraseRows: [Int] = []
        for pattern in patterns {
            phraseRows.append(
                try await connection.query("SELECT count(*) FROM segment WHERE searchTokens LIKE \(pattern)", logger: logger)
                    .collect().first!.decode(Int.self))
        }
        return SearchRanking.Statistics(rows: rows, tokens: tokens, phraseRows: phraseRows)
    }

    /// SQLite's `TranscriptCurrency.currentIDSQL` in PostgreSQL: the id of the recording's current
    /// version, the newest holding human work (reviewed, by a person, or coded) else the newest.
    /// Codings count once the coding area's table exists.
    func currentTranscriptSQL(recording: String, _ connection: PostgresConnection) async throws -> String {
        let coded =
            try await hasTable("coding", connection)
            ? " OR EXISTS (SELECT 1 FROM coding WHERE coding.transcriptID = current.id)" : ""
        return """
            (SELECT current.id FROM transcript AS current WHERE current.recordingID = \(recording)
             ORDER BY (current.status = 'reviewed' OR current.engine = 'human'\(coded)) DESC, current.version DESC
             LIMIT 1)
            """
    }
}
