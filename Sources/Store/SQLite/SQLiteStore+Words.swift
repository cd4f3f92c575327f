import Foundation
import GRDB

extension SQLiteStore {
    /// Gives timed words to segments of a transcript version that have none, keyed by segment
    /// position; segments that already have words keep them. Words outside their segment's
    /// times are clamped to it.
    public func setWords(transcriptID: Int64, words: [Int: [WordInput]]) async throws {
        try await write { db in
            guard try Transcript.exists(db, key: transcriptID) else { throw StoreError.notFound("transcript", transcriptID) }
            let segments = try Segment.filter(Column("transcriptID") == transcriptID).fetchAll(db)
            for segment in segments {
                guard let given = words[segment.position], !given.isEmpty,
                    try Word.filter(Column("segmentID") == segment.id).fetchCount(db) == 0
                else { continue }
                for (position, word) in given.enumerated() {
                    let start = min(max(word.start, segment.start), segment.end)
                    var stored = Word(
                        segmentID: segment.id!, position: position, start: start, end: min(max(word.end, start), segment.end),
                        text: word.text, probability: word.probability)
                    try stored.insert(db)
                }
            }
        }
    }
}
