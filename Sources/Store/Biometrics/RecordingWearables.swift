import Biometrics
import Foundation

/// The wearable data of the participants linked to a recording, read for a span of its timeline:
/// the recording's clock, and for each participant the part of each stream that overlaps the span.
struct RecordingWearables: Sendable {
    /// One stored stream, cut to the span.
    struct Stream: Sendable {
        var stored: BiometricStream
        var series: TimeSeries
    }

    /// One participant's streams.
    struct Wearer: Sendable {
        var participant: Participant
        var streams: [Stream]

        /// The stream of a kind with the most valid samples in the span, if any.
        func best(_ kind: ChannelKind) -> Stream? {
            streams.filter { $0.series.kind == kind }.max { $0.series.validCount < $1.series.validCount }
        }
    }

    var recording: Recording
    var clock: RecordingClock
    var wearers: [Wearer]

    /// Reads the streams of the recording's participants over `start...end` seconds of its timeline,
    /// widened by `margin` seconds on each side; `kinds` limits the streams read (all when `nil`).
    static func load(
        _ store: some Store, recording: Recording, start: Double, end: Double, margin: Double, kinds: Set<ChannelKind>? = nil
    ) async throws -> RecordingWearables {
        let clock = try await store.recordingClock(recording)
        let from = clock.absolute(start - margin), to = clock.absolute(end + margin)
        var wearers: [Wearer] = []
        for link in try await store.recordingParticipants(recordingID: recording.id!) {
            guard let participant = try await store.participant(id: link.participantID) else { continue }
            var streams: [Stream] = []
            for stored in try await store.biometricStreams(participantID: link.participantID) where stored.channels == 1 {
                let kind = ChannelKind(rawValue: stored.kind) ?? .other
                if let kinds, !kinds.contains(kind) { continue }
                if let series = try await window(store, stored, kind: kind, pseudonym: participant.pseudonym, from: from, to: to) {
                    streams.append(Stream(stored: stored, series: series))
                }
            }
            wearers.append(Wearer(participant: participant, streams: streams))
        }
        wearers.sort { $0.participant.pseudonym < $1.participant.pseudonym }
        return RecordingWearables(recording: recording, clock: clock, wearers: wearers)
    }

    /// The samples of `stored` between two absolute times, as a series, or `nil` when none fall there.
    ///
    /// A regular stream is read from a whole second of its own clock (so 1 s activity epochs stay
    /// aligned with the stream's start) and starts at its first sample read; an irregular one keeps
    /// its start and offsets unchanged.
    static func window(
        _ store: some Store, _ stored: BiometricStream, kind: ChannelKind, pseudonym: String, from: Date, to: Date
    ) async throws -> TimeSeries? {
        guard let id = stored.id else { return nil }
        var lower = from.timeIntervalSince(stored.startTime)
        let upper = to.timeIntervalSince(stored.startTime)
        guard upper >= 0 else { return nil }
        if let rate = stored.sampleRate {
            lower = max(0, lower.rounded(.down))
            guard lower < Double(stored.sampleCount) / rate else { return nil }
        }
        let samples = try await store.biometricSamples(streamID: id, from: lower, to: upper)
        guard let first = samples.offsets.first, samples.values.count == samples.offsets.count else { return nil }
        if let rate = stored.sampleRate {
            return TimeSeries(
                participant: pseudonym, source: stored.device, kind: kind, label: stored.label, unit: stored.unit,
                start: stored.startTime.addingTimeInterval(first), timing: .regular(hz: rate), values: samples.values)
        }
        return TimeSeries(
            participant: pseudonym, source: stored.device, kind: kind, label: stored.label, unit: stored.unit, start: stored.startTime,
            timing: .irregular(offsets: samples.offsets), values: samples.values)
    }
}

extension Store {
    /// The clock that maps the recording's timeline to absolute time: the user-set wall-clock start
    /// (else the media's creation time) and offset correction of ``recordingSync(recordingID:)``.
    ///
    /// - Throws: ``StoreError`` `.invalidInput` when the recording has no wall-clock start at all.
    public func recordingClock(_ recording: Recording) async throws -> RecordingClock {
        guard let id = recording.id else { throw StoreError(.invalidInput, "The recording has no id; store it first.", fr: "L’enregistrement n’a pas d’identifiant ; enregistrez-le d’abord.") }
        let sync = try await recordingSync(recordingID: id)
        guard let start = sync?.wallClockStart ?? recording.recordedAt else {
            throw StoreError(
                .invalidInput,
                "Recording \(id) has no wall-clock start (its media carries no creation time); set one with "
                    + "`verbatim biometrics clock --recording \(id) --start 2024-03-01T09:30:00Z` or PUT /recordings/\(id)/clock.", fr: "L’enregistrement \(id) n’a pas d’heure de début (son média ne porte pas de date de création) ; définissez-la avec `verbatim biometrics clock --recording \(id) --start 2024-03-01T09:30:00Z` ou PUT /recordings/\(id)/clock.")
        }
        return RecordingClock(wallClockStart: start, offset: sync?.offset ?? 0)
    }
}
