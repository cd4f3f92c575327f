extension TranscriptionSegment {
    /// The segment moved `offset` seconds later on the recording's timeline, its words with it
    /// (a piece of audio transcribed alone comes back timed from its own start).
    func shifted(by offset: Double) -> TranscriptionSegment {
        var segment = self
        segment.start += offset
        segment.end += offset
        for index in segment.words.indices {
            segment.words[index].start += offset
            segment.words[index].end += offset
        }
        return segment
    }
}
