import Foundation

extension Transcriber {
    /// Segments decoded from a window's clip, moved to the recording's timeline: each word goes
    /// to the piece that holds its middle, and a segment whose words fall in several pieces is cut
    /// at each cut-out silence. A segment without words keeps to the piece of its start.
    static func mapped(_ segments: [TranscriptionSegment], through window: SpeechWindow, tokenizer: WhisperTokenizer)
        -> [TranscriptionSegment]
    {
        var result: [TranscriptionSegment] = []
        for segment in segments {
            guard !segment.words.isEmpty else {
                var moved = segment
                let piece = window.pieceIndex(at: segment.start)
                moved.start = window.recordingTime(segment.start, in: piece)
                moved.end = window.recordingTime(segment.end, in: piece)
                if moved.end > moved.start { result.append(moved) }
                continue
            }
            var groups: [(piece: Int, words: [TranscriptionWord])] = []
            for word in segment.words {
                let piece = window.pieceIndex(at: (word.start + word.end) / 2)
                var moved = word
                moved.start = window.recordingTime(word.start, in: piece)
                moved.end = max(moved.start, window.recordingTime(word.end, in: piece))
                if groups.last?.piece == piece {
                    groups[groups.count - 1].words.append(moved)
                } else {
                    groups.append((piece, [moved]))
                }
            }
            for group in groups {
                var part = segment
                part.words = group.words
                part.start = group.words[0].start
                part.end = group.words[group.words.count - 1].end
                if groups.count > 1 {
                    part.text = group.words.map(\.text).joined()
                    part.tokens = tokenizer.encode(part.text)
                }
                if part.end <= part.start { part.end = part.start + 0.02 }
                result.append(part)
            }
        }
        return result
    }
}
