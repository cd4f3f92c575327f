import Media

extension SileroVAD {
    /// Speech regions of decoded audio (the mono mix, or the first channel).
    ///
    /// - Throws: ``SpeechAudioError`` unless the audio is at 16 kHz (decode with `Media`'s
    ///   default options, which resample to 16 kHz).
    public func speechRegions(in audio: DecodedAudio, options: SpeechDetectionOptions = SpeechDetectionOptions()) throws(SpeechAudioError)
        -> [SpeechRegion]
    {
        guard audio.sampleRate == Self.sampleRate else {
            throw SpeechAudioError(
                sampleRate: audio.sampleRate, channelCount: audio.channels.count,
                advice: "decode it at 16000 Hz (DecodeOptions(sampleRate: 16000), the default)")
        }
        return speechRegions(samples: audio.samples, options: options)
    }
}
