import Media

extension Diarizer {
    /// Speaker turns of decoded audio: one channel is diarized from speaker embeddings
    /// (``diarize(samples:speechRegions:speakerCount:)`` on regions found by `vad`); two or
    /// more channels (decoded with `keepChannels`) are taken as one microphone per speaker
    /// (``ChannelAttribution``).
    ///
    /// - Throws: ``SpeechAudioError`` unless the audio is at 16 kHz.
    public func diarize(audio: DecodedAudio, vad: SileroVAD, speakerCount: Int?) throws(SpeechAudioError) -> [SpeakerTurn] {
        guard audio.sampleRate == SpeakerEncoder.sampleRate else {
            throw SpeechAudioError(
                sampleRate: audio.sampleRate, channelCount: audio.channels.count,
                advice: "decode it at 16000 Hz (DecodeOptions(sampleRate: 16000), the default)")
        }
        if audio.channels.count >= 2 { return ChannelAttribution.turns(channels: audio.channels, vad: vad) }
        return diarize(samples: audio.samples, speechRegions: vad.speechRegions(samples: audio.samples), speakerCount: speakerCount)
    }
}
