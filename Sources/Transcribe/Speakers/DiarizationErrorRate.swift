/// The diarization error rate of a hypothesis against a reference, computed as
/// `pyannote.metrics`' `DiarizationErrorRate(collar:, skip_overlap: false)` does:
/// (false alarm + missed speech + speaker confusion) / reference speech, after the optimal
/// one-to-one mapping of hypothesis speakers onto reference speakers, outside collars of
/// `collar / 2` seconds on each side of every reference boundary, within the extent of the
/// reference and hypothesis together.
public struct DiarizationErrorRate: Sendable, Equatable {
    /// Seconds of hypothesis speech where the reference has fewer speakers.
    public var falseAlarm: Double
    /// Seconds of reference speech where the hypothesis has fewer speakers.
    public var missed: Double
    /// Seconds attributed to the wrong (unmapped) speaker.
    public var confusion: Double
    /// Seconds of reference speech evaluated (overlapping speakers counted once each).
    public var total: Double

    /// The error rate: `(falseAlarm + missed + confusion) / total` (0 when nothing is evaluated).
    public var value: Double { total > 0 ? (falseAlarm + missed + confusion) / total : 0 }

    /// Scores `hypothesis` against `reference`.
    ///
    /// - Parameter collar: total width in seconds of the forgiveness collar around each
    ///   reference boundary (pyannote's convention: half before, half after).
    public init(reference: [SpeakerTurn], hypothesis: [SpeakerTurn], collar: Double = 0.25) {
        let all = reference + hypothesis
        guard let extentStart = all.map(\.start).min(), let extentEnd = all.map(\.end).max() else {
            self.init(falseAlarm: 0, missed: 0, confusion: 0, total: 0)
            return
        }
        // Evaluated zones: the extent minus the collars.
        var collars: [(Double, Double)] = []
        if collar > 0 {
            for turn in reference {
                collars.append((turn.start - collar / 2, turn.start + collar / 2))
                collars.append((turn.end - collar / 2, turn.end + collar / 2))
            }
        }
        var cuts = Set([extentStart, extentEnd])
        for turn in all { cuts.insert(turn.start); cuts.insert(turn.end) }
        for (low, high) in collars { cuts.insert(low); cuts.insert(high) }
        let boundaries = cuts.filter { $0 >= extentStart && $0 <= extentEnd }.sorted()

        let referenceSpeakers = Array(Set(reference.map(\.speaker))).sorted()
        let hypothesisSpeakers = Array(Set(hypothesis.map(\.speaker))).sorted()
        // Elementary pieces: duration, active reference and hypothesis speakers (indices).
        var pieces: [(duration: Double, reference: [Int], hypothesis: [Int])] = []
        var cooccurrence = [[Double]](repeating: [Double](repeating: 0, count: hypothesisSpeakers.count), count: referenceSpeakers.count)
        for (low, high) in zip(boundaries, boundaries.dropFirst()) where high > low {
            let middle = (low + high) / 2
            if collars.contains(where: { middle > $0.0 && middle < $0.1 }) { continue }
            let active: ([SpeakerTurn], [String]) -> [Int] = { turns, names in
                Array(Set(turns.filter { $0.start <= middle && middle < $0.end }.map(\.speaker))).compactMap { names.firstIndex(of: $0) }
            }
            let inReference = active(reference, referenceSpeakers), inHypothesis = active(hypothesis, hypothesisSpeakers)
            pieces.append((high - low, inReference, inHypothesis))
            for r in inReference { for h in inHypothesis { cooccurrence[r][h] += high - low } }
        }
        let mapping = Self.optimalMapping(cooccurrence)
        var falseAlarm = 0.0, missed = 0.0, confusion = 0.0, total = 0.0
        for piece in pieces {
            let referenceCount = piece.reference.count, hypothesisCount = piece.hypothesis.count
            let correct = piece.reference.filter { r in mapping[r].map { piece.hypothesis.contains($0) } ?? false }.count
            total += piece.duration * Double(referenceCount)
            missed += piece.duration * Double(max(0, referenceCount - hypothesisCount))
            falseAlarm += piece.duration * Double(max(0, hypothesisCount - referenceCount))
            confusion += piece.duration * Double(min(referenceCount, hypothesisCount) - correct)
        }
        self.init(falseAlarm: falseAlarm, missed: missed, confusion: confusion, total: total)
    }

    /// Creates a result from its components.
    public init(falseAlarm: Double, missed: Double, confusion: Double, total: Double) {
        self.falseAlarm = falseAlarm
        self.missed = missed
        self.confusion = confusion
        self.total = total
    }

    /// For each reference speaker, the hypothesis speaker mapped to it (or `nil`), maximising
    /// the total co-occurring time: exhaustive for up to 6 speakers on each side,
    /// greedy beyond.
    static func optimalMapping(_ cooccurrence: [[Double]]) -> [Int?] {
        let references = cooccurrence.count, hypotheses = cooccurrence.first?.count ?? 0
        var best: [Int?] = Array(repeating: nil, count: references)
        guard references > 0, hypotheses > 0 else { return best }
        if max(references, hypotheses) <= 6 {
            var bestScore = -1.0
            var current: [Int?] = Array(repeating: nil, count: references)
            var used = [Bool](repeating: false, count: hypotheses)
            func search(_ r: Int, _ score: Double) {
                if r == references {
                    if score > bestScore { bestScore = score; best = current }
                    return
                }
                current[r] = nil
                search(r + 1, score)
                for h in 0..<hypotheses where !used[h] {
                    used[h] = true
                    current[r] = h
                    search(r + 1, score + cooccurrence[r][h])
                    used[h] = false
                    current[r] = nil
                }
            }
            search(0, 0)
            return best
        }
        var pairs: [(Double, Int, Int)] = []
        for r in 0..<references { for h in 0..<hypotheses where cooccurrence[r][h] > 0 { pairs.append((cooccurrence[r][h], r, h)) } }
        var takenHypotheses = Set<Int>()
        for (_, r, h) in pairs.sorted(by: { $0.0 > $1.0 }) where best[r] == nil && !takenHypotheses.contains(h) {
            best[r] = h
            takenHypotheses.insert(h)
        }
        return best
    }
}
