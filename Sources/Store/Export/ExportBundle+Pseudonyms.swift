import Foundation

extension ExportBundle {
    /// The bundle as a pseudonymised export carries it: in each transcript, the accepted spans of
    /// `redactions` (by transcript version) replaced by their pseudonyms in the text, the segments
    /// and the words; codings moved to the new offsets (a coding that began or ended inside a
    /// replaced span covers its whole pseudonym); and the uploaded files' own names left out.
    public func pseudonymised(_ redactions: [Int64: [Redaction]]) -> ExportBundle {
        var copy = self
        copy.recordings = recordings.map { item in
            var item = item
            item.recording.originalName = nil
            guard let transcript = item.transcript, let id = transcript.id else { return item }
            let map = PseudonymOffsetMap(redactions[id] ?? [])
            guard !map.spans.isEmpty else { return item }
            let content = map.pseudonymise(transcript, segments: item.segments, words: item.words)
            item.transcript = content.transcript
            item.segments = content.segments
            item.words = content.words
            item.codings = item.codings.map(map.pseudonymised)
            return item
        }
        return copy
    }
}
