extension Transcription {
    /// The transcription with speakers: each word gets the speaker of the turn it overlaps most
    /// (``SpeakerTurn/speaker(from:to:in:maximumGap:)``), a segment is cut where its words change
    /// speaker, and each segment takes the speaker who holds most of its words' time. Segments
    /// without words take the speaker of their own interval.
    public func withSpeakers(_ turns: [SpeakerTurn], tokenizer: WhisperTokenizer) -> Transcription {
        var result = self
        result.segments = []
        for segment in segments {
            guard !segment.words.isEmpty else {
                var labelled = segment
                labelled.speaker = SpeakerTurn.speaker(from: segment.start, to: segment.end, in: turns)
                result.segments.append(labelled)
                continue
            }
            var words = segment.words
            for index in words.indices {
                words[index].speaker = SpeakerTurn.speaker(
                    from: words[index].start, to: max(words[index].end, words[index].start + 0.01), in: turns)
            }
            // Runs of one speaker; a word without a speaker joins the run before it.
            var runs: [[TranscriptionWord]] = []
            for word in words {
                if let last = runs.last?.last, word.speaker == nil || word.speaker == last.speaker {
                    runs[runs.count - 1].append(word)
                } else {
                    runs.append([word])
                }
            }
            // A run of one or two words between two runs of the same speaker is most likely theirs.
            if runs.count >= 3 {
                for index in 1..<(runs.count - 1)
                where runs[index].count <= 2 && runs[index - 1].last?.speaker == runs[index + 1].first?.speaker {
                    for wordIndex in runs[index].indices { runs[index][wordIndex].speaker = runs[index - 1].last?.speaker }
                }
                var merged: [[TranscriptionWord]] = []
                for run in runs {
                    if let last = merged.last?.last, last.speaker == run.first?.speaker {
                        merged[merged.count - 1] += run
                    } else {
                        merged.append(run)
                    }
                }
                runs = merged
            }
            for run in runs {
                var part = segment
                part.words = run
                if runs.count > 1 {
                    part.start = run[0].start
                    part.end = run[run.count - 1].end
                    part.text = run.map(\.text).joined()
                    part.tokens = tokenizer.encode(part.text)
                }
                var time: [String: Double] = [:]
                for word in run { if let speaker = word.speaker { time[speaker, default: 0] += max(word.end - word.start, 0.01) } }
                part.speaker = time.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
                result.segments.append(part)
            }
        }
        for index in result.segments.indices { result.segments[index].id = index }
        return result
    }
}

extension Transcription {
    /// Speaker turns of a recording with one microphone per speaker, word by word: each word
    /// belongs to the channel in which it is loudest (``ChannelAttribution/loudestChannel(channels:from:to:sampleRate:)``),
    /// consecutive words of one channel make a turn, labelled `S1`, `S2`... by first appearance.
    public func channelTurns(channels: [[Float]]) -> [SpeakerTurn] {
        let intervals = segments.flatMap(\.words).compactMap { word -> (start: Double, end: Double, speaker: String)? in
            let end = max(word.end, word.start + 0.02)
            return ChannelAttribution.loudestChannel(channels: channels, from: word.start, to: end).map {
                (word.start, end, "channel\($0)")
            }
        }
        return SpeakerTurn.turns(from: intervals, maximumGap: 1.0)
    }
}
