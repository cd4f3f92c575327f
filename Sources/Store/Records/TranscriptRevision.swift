import Foundation

/// Applies ``TranscriptOperation``s to a version's segments: the new segments, the history
/// entries, and the groups that map the old text onto the new one (``TranscriptOffsetMap``).
///
/// Each working segment remembers the range of old segments its text came from; a merge joins
/// ranges. Old and new segments sharing a range form a group whose texts, joined by line feeds,
/// the offset map compares, so splitting "abc def" is the change of one space into a line feed.
public struct TranscriptRevision: Sendable {
    /// A segment being revised: its input, the old segments it came from, whether its text changed.
    public struct Working: Sendable {
        public var input: SegmentInput
        public var origin: Range<Int>
        public var textChanged = false
    }

    /// The revised segments.
    public private(set) var segments: [Working]
    /// The changes made, in order, for the edit history.
    public private(set) var history: [(kind: String, position: Int, before: String, after: String)] = []
    private let oldTexts: [String]

    /// Starts from a version's segments.
    public init(_ inputs: [SegmentInput]) {
        segments = inputs.enumerated().map { Working(input: $0.element, origin: $0.offset..<($0.offset + 1)) }
        oldTexts = inputs.map(\.text)
    }

    /// Applies `operation`, or throws `.invalidInput` saying what is wrong with it.
    public mutating func apply(_ operation: TranscriptOperation) throws {
        let index = operation.index
        guard segments.indices.contains(index) else {
            throw StoreError(
                .invalidInput, "Segment \(index) does not exist: the transcript has \(segments.count) segments.",
                fr: "Le segment \(index) n’existe pas : la transcription en compte \(segments.count).")
        }
        switch operation {
        case .correct(_, let text, let label):
            let before = segments[index].input
            // The text as sent: a line break in it is refused by the validation of the whole version.
            if let text, text != before.text {
                segments[index].input.text = text
                segments[index].input.words = []
                segments[index].input.flags = []
                segments[index].input.confidence = nil
                segments[index].textChanged = true
                history.append(("correct", index, before.text, text))
            }
            if let label, label != before.speakerLabel {
                segments[index].input.speakerLabel = label
                history.append(("speaker", index, before.speakerLabel ?? "", label))
            }
        case .split(_, let at):
            try split(index, at: at)
        case .merge:
            guard index + 1 < segments.count else {
                throw StoreError(
                    .invalidInput, "Segment \(index) is the last one: there is no next segment to merge it with.",
                    fr: "Le segment \(index) est le dernier : il n’a pas de suivant avec lequel le fusionner.")
            }
            let a = segments[index], b = segments[index + 1]
            var merged = a.input
            merged.text = [a.input.text, b.input.text].filter { !$0.isEmpty }.joined(separator: " ")
            merged.end = max(a.input.end, b.input.end)
            merged.words = a.input.words.isEmpty || b.input.words.isEmpty ? [] : a.input.words + b.input.words
            merged.flags = Array(Set(a.input.flags + b.input.flags)).sorted()
            merged.confidence = nil
            let origin = min(a.origin.lowerBound, b.origin.lowerBound)..<max(a.origin.upperBound, b.origin.upperBound)
            let changed = a.textChanged || b.textChanged || (merged.words.isEmpty && !(a.input.words + b.input.words).isEmpty)
            segments.replaceSubrange(index...(index + 1), with: [Working(input: merged, origin: origin, textChanged: changed)])
            for other in segments.indices where segments[other].origin.overlaps(origin) { segments[other].origin = origin }
            history.append(("merge", index, a.input.text + "\n" + b.input.text, merged.text))
        case .moveBoundary(_, let time):
            guard index + 1 < segments.count else {
                throw StoreError(
                    .invalidInput, "Segment \(index) is the last one: it has no boundary with a next segment.",
                    fr: "Le segment \(index) est le dernier : il n’a pas de frontière avec un segment suivant.")
            }
            let a = segments[index].input, b = segments[index + 1].input
            guard time.isFinite, time > a.start, time < b.end else {
                throw StoreError(
                    .invalidInput,
                    "The boundary must fall strictly between \(Self.clock(a.start)) and \(Self.clock(b.end)) (the start of segment \(index) and the end of the next).",
                    fr: "La frontière doit tomber strictement entre \(Self.clock(a.start)) et \(Self.clock(b.end)) (le début du segment \(index) et la fin du suivant).")
            }
            segments[index].input.end = time
            segments[index + 1].input.start = time
            segments[index].input.words = Self.clamp(a.words, to: a.start...time)
            segments[index + 1].input.words = Self.clamp(b.words, to: time...b.end)
            history.append(("boundary", index, Self.clock(a.end), Self.clock(time)))
        }
    }

    /// The old and new group texts for ``TranscriptOffsetMap``.
    public var groups: (old: [String], new: [String]) {
        var old: [String] = [], new: [String] = []
        var index = 0
        while index < segments.count {
            let origin = segments[index].origin
            var texts: [String] = []
            while index < segments.count, segments[index].origin == origin {
                texts.append(segments[index].input.text)
                index += 1
            }
            old.append(oldTexts[origin].joined(separator: "\n"))
            new.append(texts.joined(separator: "\n"))
        }
        return (old, new)
    }

    private mutating func split(_ index: Int, at: Int) throws {
        let segment = segments[index]
        let scalars = Array(segment.input.text.unicodeScalars)
        let first = String(String.UnicodeScalarView(scalars[..<min(max(at, 0), scalars.count)])).trimmingCharacters(in: .whitespaces)
        let second = String(String.UnicodeScalarView(scalars[min(max(at, 0), scalars.count)...])).trimmingCharacters(in: .whitespaces)
        guard at > 0, at < scalars.count, !first.isEmpty, !second.isEmpty else {
            throw StoreError(
                .invalidInput, "Split segment \(index) inside its text (between characters 1 and \(max(scalars.count - 1, 1))), where both parts keep words.",
                fr: "Coupez le segment \(index) à l’intérieur de son texte (entre les caractères 1 et \(max(scalars.count - 1, 1))), là où les deux parties gardent des mots.")
        }
        let input = segment.input
        let cut = first.unicodeScalars.count
        var a = input, b = input
        a.text = first
        b.text = second
        let located = Self.locate(input.words, in: input.text)
        var boundary: Double
        if let located, let lastA = located.lastIndex(where: { $0 < cut }), lastA + 1 < located.count {
            a.words = Array(input.words[...lastA])
            b.words = Array(input.words[(lastA + 1)...])
            boundary = (a.words.last!.end + b.words.first!.start) / 2
        } else {
            a.words = []
            b.words = []
            boundary = input.start + (input.end - input.start) * Double(cut) / Double(max(scalars.count, 1))
        }
        boundary = min(max(boundary, input.start), input.end)
        a.end = boundary
        b.start = boundary
        let retime = a.words.isEmpty && !input.words.isEmpty
        segments.replaceSubrange(
            index...index,
            with: [
                Working(input: a, origin: segment.origin, textChanged: segment.textChanged || retime),
                Working(input: b, origin: segment.origin, textChanged: segment.textChanged || retime),
            ])
        history.append(("split", index, input.text, first + "\n" + second))
    }

    /// Where each word starts in `text` (scalars, ``WordOffsets``); `nil` when one cannot be found.
    static func locate(_ words: [WordInput], in text: String) -> [Int]? {
        let ranges = WordOffsets.ranges(of: words.map(\.text), in: text)
        guard !words.isEmpty, ranges.allSatisfy({ $0 != nil }) else { return nil }
        return ranges.map { $0!.lowerBound }
    }

    static func clamp(_ words: [WordInput], to range: ClosedRange<Double>) -> [WordInput] {
        words.map { word in
            var word = word
            word.start = min(max(word.start, range.lowerBound), range.upperBound)
            word.end = min(max(word.end, word.start), range.upperBound)
            return word
        }
    }

    /// `m:ss.s`, for messages and the history.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds)
        return String(format: "%d:%02d.%d", whole / 60, whole % 60, Int((seconds - Double(whole)) * 10))
    }
}
