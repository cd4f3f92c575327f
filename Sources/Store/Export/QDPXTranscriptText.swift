/// The transcript text a REFI-QDA project carries: one line per segment, `[HH:MM:SS] Speaker: text`,
/// so that NVivo, MAXQDA and ATLAS.ti keep the turn structure, with the segments and codings
/// moved onto it.
///
/// Positions are Unicode-scalar offsets, as in the store. A position inside a segment keeps
/// pointing at the same character; so a coding within one segment covers the same words. A
/// coding that spans segments also covers the labels of the lines it crosses.
struct QDPXTranscriptText {
    /// The labelled text.
    let text: String
    /// The segments with `charStart`/`charEnd` in ``text``.
    let segments: [Segment]
    /// The codings with `charStart`/`charEnd` in ``text``.
    let codings: [Coding]

    /// Labels `item`'s transcript; `speakerName` names each segment's speaker.
    init(_ item: RecordingBundle, original: String, speakerName: (Int64?) -> String) {
        var lines: [String] = []
        var moved: [Segment] = []
        var shifts: [(start: Int, end: Int, shift: Int)] = []
        var length = 0
        for segment in item.segments {
            let prefix = "\(ExportFormatting.turnTime(segment.start)) \(speakerName(segment.speakerID)): "
            let body = ExportFormatting.substring(original, segment.charStart..<segment.charEnd)
            let lineStart = length + (lines.isEmpty ? 0 : 1)
            let bodyStart = lineStart + prefix.unicodeScalars.count
            var copy = segment
            copy.charStart = bodyStart
            copy.charEnd = bodyStart + body.unicodeScalars.count
            moved.append(copy)
            shifts.append((segment.charStart, segment.charEnd, bodyStart - segment.charStart))
            lines.append(prefix + body)
            length = copy.charEnd
        }
        text = lines.joined(separator: "\n")
        segments = moved
        func position(_ original: Int) -> Int {
            guard let last = shifts.last(where: { $0.start <= original }) else { return max(0, original) }
            return min(original, last.end) + last.shift
        }
        codings = item.codings.map { coding in
            var copy = coding
            copy.charStart = position(coding.charStart)
            copy.charEnd = max(copy.charStart, position(coding.charEnd))
            return copy
        }
    }
}
