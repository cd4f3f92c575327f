import Foundation

extension RecordingPipeline {
    /// Whether the speaker step will attribute words to channels: several channels that carry
    /// different speakers (``ChannelAttribution/carryDifferentSpeakers(_:)``), and no speaker count
    /// given that contradicts one speaker per channel.
    func usesChannels(_ channels: [[Float]], speakers: PipelineOptions.Speakers) -> Bool {
        switch speakers {
        case .none: return false
        case .count(let count) where count != channels.count: return false
        default: return ChannelAttribution.carryDifferentSpeakers(channels)
        }
    }

    /// Step 4: who speaks when. The count the user gives always wins: one speaker labels
    /// everything `S1`; several channels that carry different speakers give one speaker per
    /// channel; otherwise speaker embeddings of the mono mix are clustered.
    func speakerTurns(
        _ transcription: Transcription, audio: Audio, regions: [SpeechRegion], speakers: PipelineOptions.Speakers
    ) throws(PipelineError) -> (turns: [SpeakerTurn], method: RecordingTranscript.SpeakerMethod)? {
        switch speakers {
        case .none:
            return nil
        case .count(1):
            return ([SpeakerTurn(start: 0, end: max(audio.duration, transcription.segments.last?.end ?? 0), speaker: "S1")], .single)
        default:
            if audio.channels.count >= 2 && usesChannels(audio.channels, speakers: speakers) {
                return (transcription.channelTurns(channels: audio.channels), .channels)
            }
            let diarizer: Diarizer
            do {
                diarizer = try Diarizer(modelDirectory: speakerEncoderDirectory)
            } catch {
                throw PipelineError(
                    step: "speakers", "cannot load the speaker encoder (speaker-encoder): \(error); run models/fetch", isRetryable: false)
            }
            return (diarizer.diarize(samples: audio.mono, speechRegions: regions, speakerCount: speakers.count), .embeddings)
        }
    }
}
