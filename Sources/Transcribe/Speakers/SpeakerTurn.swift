/// A stretch of a recording attributed to one speaker.
///
/// Labels are neutral (`S1`, `S2`... in order of first appearance); linking a speaker to a
/// participant or a role is the user's act, stored elsewhere.
public struct SpeakerTurn: Sendable, Equatable, Hashable, Codable {
    /// Start, in seconds.
    public var start: Double
    /// End, in seconds.
    public var end: Double
    /// The speaker's label.
    public var speaker: String

    /// Creates a turn.
    public init(start: Double, end: Double, speaker: String) {
        self.start = start
        self.end = end
        self.speaker = speaker
    }

    /// Length in seconds.
    public var duration: Double { end - start }

    /// The speaker of the turn that overlaps `start..<end` the most, or, if none overlaps,
    /// of the nearest turn within `maximumGap` seconds; `nil` when there is none.
    ///
    /// This is how a word (or a segment) is given a speaker.
    public static func speaker(from start: Double, to end: Double, in turns: [SpeakerTurn], maximumGap: Double = 1.0) -> String? {
        var overlapBySpeaker: [String: Double] = [:]
        for turn in turns {
            let overlap = min(end, turn.end) - max(start, turn.start)
            if overlap > 0 { overlapBySpeaker[turn.speaker, default: 0] += overlap }
        }
        if let best = overlapBySpeaker.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) {
            return best.key
        }
        var nearest: (gap: Double, speaker: String)?
        for turn in turns {
            let gap = max(turn.start - end, start - turn.end)
            if gap <= maximumGap, gap < nearest?.gap ?? .infinity { nearest = (gap, turn.speaker) }
        }
        return nearest?.speaker
    }

    /// Gives each timed item the speaker of ``speaker(from:to:in:maximumGap:)``.
    ///
    /// - Parameter interval: the item's start and end in seconds (a word's times, for example).
    public static func assignSpeakers<Item>(
        _ items: [Item], turns: [SpeakerTurn], interval: (Item) -> (start: Double, end: Double)
    ) -> [(item: Item, speaker: String?)] {
        items.map { item in
            let times = interval(item)
            return (item, speaker(from: times.start, to: times.end, in: turns))
        }
    }

    /// Merges consecutive labelled intervals of one speaker (gaps up to `maximumGap` seconds
    /// are bridged) into turns, and relabels speakers `S1`, `S2`... by first appearance.
    public static func turns(from intervals: [(start: Double, end: Double, speaker: String)], maximumGap: Double = 0.5) -> [SpeakerTurn] {
        var turns: [SpeakerTurn] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) where interval.end > interval.start {
            if let last = turns.last, last.speaker == interval.speaker, interval.start - last.end <= maximumGap {
                turns[turns.count - 1].end = max(last.end, interval.end)
            } else {
                turns.append(SpeakerTurn(start: interval.start, end: interval.end, speaker: interval.speaker))
            }
        }
        return relabelled(turns)
    }

    /// The same turns with speakers renamed `S1`, `S2`... in order of first appearance.
    public static func relabelled(_ turns: [SpeakerTurn]) -> [SpeakerTurn] {
        var names: [String: String] = [:]
        return turns.sorted { $0.start < $1.start }.map { turn in
            let name = names[turn.speaker] ?? "S\(names.count + 1)"
            names[turn.speaker] = name
            return SpeakerTurn(start: turn.start, end: turn.end, speaker: name)
        }
    }
}
