import Biometrics
import Foundation

extension Store {
    /// The streams of the participants linked to a recording that overlap it, on its timeline
    /// (seconds from its start, through ``recordingClock(_:)``), each reduced to at most `points` points.
    ///
    /// The recording spans `0...duration` (or to its latest transcript's last segment when the
    /// duration is unknown); samples outside it are left out, gaps come back as `nil`.
    ///
    /// - Parameter kinds: the kinds wanted; all when `nil`.
    /// - Throws: ``StoreError`` `.notFound` for an unknown recording, `.invalidInput` when it has no
    ///   wall-clock start or no known length, or `points` is below 2.
    public func biometricSeries(
        recordingID: Int64, kinds: Set<ChannelKind>? = nil, points: Int = 2000, reduction: BiometricSeries.Reduction = .mean
    ) async throws -> [BiometricSeries] {
        guard points >= 2 else { throw StoreError(.invalidInput, "Ask for at least 2 points per series (got \(points)).", fr: "Demandez au moins 2 points par série (reçu : \(points)).") }
        guard let recording = try await recording(id: recordingID) else { throw StoreError.notFound("recording", recordingID) }
        var length = recording.duration
        if length == nil, let transcript = try await latestTranscript(recordingID: recordingID) {
            length = try await segments(transcriptID: transcript.id!).map(\.end).max()
        }
        guard let length, length > 0 else {
            throw StoreError(
                .invalidInput, "Recording \(recordingID) has no known duration and no transcript; transcribe it or probe its media first.", fr: "L’enregistrement \(recordingID) n’a ni durée connue ni transcription ; transcrivez-le ou analysez d’abord son média.")
        }
        let wearables = try await RecordingWearables.load(self, recording: recording, start: 0, end: length, margin: 0, kinds: kinds)
        var result: [BiometricSeries] = []
        for wearer in wearables.wearers {
            for stream in wearer.streams {
                let series = stream.series
                let shift = wearables.clock.position(of: series.start)
                var times: [Double] = [], values: [Double] = []
                times.reserveCapacity(series.count)
                values.reserveCapacity(series.count)
                for i in 0..<series.count {
                    let t = shift + series.offset(at: i)
                    guard t >= 0, t <= length else { continue }
                    times.append(t)
                    values.append(series.values[i])
                }
                guard !times.isEmpty else { continue }
                let reduced = BiometricSeries.reduce(times: times, values: values, points: points, reduction: reduction)
                result.append(
                    BiometricSeries(
                        streamID: stream.stored.id!, kind: stream.stored.kind, unit: stream.stored.unit, source: stream.stored.device,
                        participant: wearer.participant.pseudonym, times: reduced.times, values: reduced.values))
            }
        }
        return result
    }
}
