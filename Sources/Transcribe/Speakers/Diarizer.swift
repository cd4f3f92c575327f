import Foundation

/// How ``Diarizer`` places its embedding windows and decides speakers.
public struct DiarizationOptions: Sendable, Equatable {
    /// Seconds between the starts of successive 1.6 s embedding windows inside a speech region
    /// (at least 0.05).
    public var windowStep: Double
    /// Clustering used when grouping windows into speakers.
    public var clustering: SpeakerClustering
    /// Runs of one speaker shorter than this (seconds) are given to their neighbours.
    public var minimumTurnDuration: Double
    /// Windows with less than this share of speech do not take part in the clustering; they
    /// go to the nearest speaker afterwards.
    public var minimumSpeechCoverage: Double

    /// Creates options; the defaults suit interviews.
    public init(
        windowStep: Double = 0.5, clustering: SpeakerClustering = SpeakerClustering(), minimumTurnDuration: Double = 0.4,
        minimumSpeechCoverage: Double = 0.75
    ) {
        self.windowStep = windowStep
        self.clustering = clustering
        self.minimumTurnDuration = minimumTurnDuration
        self.minimumSpeechCoverage = minimumSpeechCoverage
    }
}

/// Speaker diarization of a mono recording: speaker embeddings (``SpeakerEncoder``) on 1.6 s
/// windows sliding through the speech regions, clustered into speakers, each 10 ms of speech
/// given the speaker of the nearest window centre, and consecutive frames of one speaker merged
/// into turns labelled `S1`, `S2`... by first appearance.
///
/// ```swift
/// let regions = try SileroVAD(modelDirectory: vadDirectory).speechRegions(samples: samples)
/// let diarizer = try Diarizer(modelDirectory: speakerDirectory)
/// let turns = diarizer.diarize(samples: samples, speechRegions: regions, speakerCount: nil)
/// ```
public struct Diarizer: Sendable {
    /// The speaker encoder.
    public let encoder: SpeakerEncoder
    /// Window placement and clustering.
    public var options: DiarizationOptions

    private static let frame = 0.01

    /// Creates a diarizer around a loaded encoder.
    public init(encoder: SpeakerEncoder, options: DiarizationOptions = DiarizationOptions()) {
        self.encoder = encoder
        self.options = options
    }

    /// Loads the speaker encoder from `models/speaker-encoder` (or another directory).
    ///
    /// - Throws: ``SafeTensorsError`` if the weights are missing or damaged.
    public init(modelDirectory: URL, options: DiarizationOptions = DiarizationOptions()) throws {
        self.init(encoder: try SpeakerEncoder(modelDirectory: modelDirectory), options: options)
    }

    /// Speaker turns of 16 kHz mono audio.
    ///
    /// - Parameters:
    ///   - speechRegions: where there is speech (from ``SileroVAD``); only these are labelled.
    ///   - speakerCount: the number of speakers if the user knows it, else `nil` to estimate.
    public func diarize(samples: [Float], speechRegions: [SpeechRegion], speakerCount: Int?) -> [SpeakerTurn] {
        let duration = Double(samples.count) / Double(SpeakerEncoder.sampleRate)
        let regions = speechRegions.compactMap { region -> SpeechRegion? in
            let clipped = SpeechRegion(start: max(0, region.start), end: min(duration, region.end))
            return clipped.duration > 0 ? clipped : nil
        }
        guard !regions.isEmpty else { return [] }
        if speakerCount == 1 { return SpeakerTurn.turns(from: regions.map { ($0.start, $0.end, "S1") }) }

        let windows = windowStarts(regions: regions, duration: duration)
        // Volume normalisation scales the power spectrogram by gain², without copying the audio.
        let gain = SpeakerEncoder.volumeGain(samples)
        var mel = encoder.filterbank.spectrogram(samples)
        if gain != 1 { for index in mel.indices { mel[index] *= gain * gain } }
        let melFrames = mel.count / SpeakerMelFilterbank.bands
        let partial = SpeakerEncoder.partialFrames
        let starts = windows.map { min(max(0, Int(($0 / Self.frame).rounded())), max(0, melFrames - partial)) }
        guard melFrames >= partial else {
            // Under 1.6 s of audio in all: one speaker.
            return SpeakerTurn.turns(from: regions.map { ($0.start, $0.end, "S1") })
        }
        let embeddings = encoder.embedPartials(mel: mel, starts: starts)
        // Windows mostly of silence (around short regions) are clustered after the others,
        // by nearest speaker centroid, so that they cannot form a speaker of their own.
        let length = Double(partial) * Self.frame
        let coverage = starts.map { start -> Double in
            let low = Double(start) * Self.frame, high = low + length
            return regions.reduce(0) { $0 + max(0, min(high, $1.end) - max(low, $1.start)) } / length
        }
        let strong = coverage.indices.filter { coverage[$0] >= options.minimumSpeechCoverage }
        var labels: [Int]
        if strong.count >= 2 && strong.count < embeddings.count {
            let strongLabels = options.clustering.cluster(strong.map { embeddings[$0] }, speakerCount: speakerCount)
            let centroids = SpeakerClustering.centroids(strong.map { embeddings[$0] }.map(SpeakerEncoder.normalised), labels: strongLabels)
            labels = embeddings.map { embedding in
                centroids.max {
                    SpeakerEncoder.cosineSimilarity(embedding, $0.value) < SpeakerEncoder.cosineSimilarity(embedding, $1.value)
                }!.key
            }
            for (index, label) in zip(strong, strongLabels) { labels[index] = label }
        } else {
            labels = options.clustering.cluster(embeddings, speakerCount: speakerCount)
        }
        let centres = starts.map { (Double($0) + Double(partial) / 2) * Self.frame }

        // Label every 10 ms of speech with the nearest window centre's cluster.
        var intervals: [(start: Double, end: Double, speaker: String)] = []
        var cursor = 0
        for region in regions {
            var runs: [(start: Double, end: Double, label: Int)] = []
            var time = region.start
            while time < region.end {
                let end = min(region.end, time + Self.frame)
                let middle = (time + end) / 2
                while cursor + 1 < centres.count && abs(centres[cursor + 1] - middle) <= abs(centres[cursor] - middle) { cursor += 1 }
                while cursor > 0 && abs(centres[cursor - 1] - middle) < abs(centres[cursor] - middle) { cursor -= 1 }
                let label = labels[cursor]
                if let last = runs.last, last.label == label {
                    runs[runs.count - 1].end = end
                } else {
                    runs.append((time, end, label))
                }
                time = end
            }
            runs = Self.absorbShortRuns(runs, minimum: options.minimumTurnDuration)
            intervals += runs.map { ($0.start, $0.end, "\($0.label)") }
        }
        return SpeakerTurn.turns(from: intervals, maximumGap: 0.5)
    }

    /// Window start times: every `windowStep` through each region, the last window ending at
    /// the region's end; a region shorter than a window gets one window centred on it.
    func windowStarts(regions: [SpeechRegion], duration: Double) -> [Double] {
        let length = Double(SpeakerEncoder.partialFrames) * Self.frame
        var starts: [Double] = []
        for region in regions {
            if region.duration <= length {
                starts.append(max(0, min(duration - length, (region.start + region.end - length) / 2)))
                continue
            }
            let step = max(options.windowStep, 0.05)  // a zero or negative step would never end
            var start = region.start
            while start + length < region.end {
                starts.append(start)
                start += step
            }
            starts.append(region.end - length)
        }
        return starts
    }

    /// Gives runs shorter than `minimum` to the longer of their neighbours, merging equal labels.
    static func absorbShortRuns(_ runs: [(start: Double, end: Double, label: Int)], minimum: Double) -> [(
        start: Double, end: Double, label: Int
    )] {
        var runs = runs
        while runs.count > 1, let shortest = runs.indices.min(by: { runs[$0].end - runs[$0].start < runs[$1].end - runs[$1].start }),
            runs[shortest].end - runs[shortest].start < minimum
        {
            let before = shortest > 0 ? runs[shortest - 1] : nil
            let after = shortest + 1 < runs.count ? runs[shortest + 1] : nil
            let useBefore = (before.map { $0.end - $0.start } ?? -1) >= (after.map { $0.end - $0.start } ?? -1)
            if useBefore {
                runs[shortest - 1].end = runs[shortest].end
            } else {
                runs[shortest + 1].start = runs[shortest].start
            }
            runs.remove(at: shortest)
            // Merge neighbours that now share a label.
            var merged: [(start: Double, end: Double, label: Int)] = []
            for run in runs {
                if let last = merged.last, last.label == run.label { merged[merged.count - 1].end = run.end } else { merged.append(run) }
            }
            runs = merged
        }
        return runs
    }
}
