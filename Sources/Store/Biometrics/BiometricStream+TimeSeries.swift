import Biometrics
import Foundation

/// Lossless conversion between the Biometrics module's ``TimeSeries`` and the store's
/// ``BiometricStream`` + ``BiometricSamples``.
///
/// Values are stored as float64, so every value (NaN gaps included) comes back bit for bit;
/// a regular stream keeps its rate and no per-sample offsets, an irregular one keeps its offsets.
extension BiometricStream {
    /// Stream metadata for `series`, stored as float64 (see ``SampleFormat/float64``).
    ///
    /// `kind` is the ``ChannelKind`` raw value, `device` the series' source; the participant's
    /// pseudonym is not copied (the stream points to the participant row instead).
    public init(series: TimeSeries, studyID: Int64, participantID: Int64) {
        self.init(
            studyID: studyID, participantID: participantID, device: series.source, kind: series.kind.rawValue,
            unit: series.unit, sampleRate: series.sampleRate, channels: 1, startTime: series.start,
            sampleCount: series.count, format: .float64, label: series.label)
    }
}

extension BiometricSamples {
    /// The samples of `series`: offsets `i / rate` for a regular series, its own offsets otherwise.
    public init(series: TimeSeries) {
        switch series.timing {
        case .regular(let hz): self.init(regularValues: series.values, rate: hz)
        case .irregular(let offsets): self.init(offsets: offsets, values: series.values)
        }
    }
}

extension TimeSeries {
    /// Rebuilds a series from a stored single-channel stream and its samples.
    ///
    /// - Parameters:
    ///   - stream: the stored metadata; an unknown `kind` becomes ``ChannelKind/other``.
    ///   - samples: all of the stream's samples, as ``Store/biometricSamples(streamID:from:to:)`` returns them.
    ///   - participant: the pseudonym to write into the series (the store keeps only the participant's id).
    /// - Throws: ``StoreError`` `.invalidInput` when the stream has several channels or the samples do not match it.
    public init(stream: BiometricStream, samples: BiometricSamples, participant: String? = nil) throws {
        guard stream.channels == 1 else {
            throw StoreError(
                .invalidInput,
                "Stream \(stream.id.map(String.init) ?? "(unsaved)") has \(stream.channels) channels; a TimeSeries holds one, read its samples directly.", fr: "Le flux \(stream.id.map(String.init) ?? "(non enregistré)") a \(stream.channels) canaux ; une TimeSeries n’en contient qu’un, lisez directement ses échantillons."
            )
        }
        guard samples.values.count == samples.offsets.count else {
            throw StoreError(
                .invalidInput, "\(samples.values.count) values for \(samples.offsets.count) offsets; read the stream's samples again.", fr: "\(samples.values.count) valeurs pour \(samples.offsets.count) instants ; relisez les échantillons du flux.")
        }
        let timing: Timing
        if let rate = stream.sampleRate {
            timing = .regular(hz: rate)
        } else {
            timing = .irregular(offsets: samples.offsets)
        }
        self.init(
            participant: participant, source: stream.device, kind: ChannelKind(rawValue: stream.kind) ?? .other,
            label: stream.label, unit: stream.unit, start: stream.startTime, timing: timing, values: samples.values)
    }
}

extension BiometricMarker {
    /// A stored marker for a Biometrics ``Marker`` of a participant.
    public init(marker: Marker, studyID: Int64, participantID: Int64) {
        self.init(
            studyID: studyID, participantID: participantID, time: marker.time, duration: marker.duration, label: marker.label,
            kind: marker.kind.rawValue, source: marker.source)
    }
}

extension Store {
    /// Stores every stream and marker of an import for a participant, losslessly (float64), in one
    /// transaction, and appends one `biometrics.import` audit event (format, stream and sample
    /// counts; no personal data).
    ///
    /// - Parameters:
    ///   - import: what a Biometrics importer read.
    ///   - studyID: the study; it must exist.
    ///   - participantID: the participant; it must belong to the study.
    ///   - actorID: the acting user for the audit log, `nil` for the command line or the system.
    /// - Returns: the stored streams, in the import's order.
    /// - Throws: ``StoreError`` `.notFound` for an unknown study or participant, `.invalidInput` for one in another study.
    @discardableResult
    public func importBiometrics(
        _ import: BiometricImport, studyID: Int64, participantID: Int64, actorID: Int64? = nil
    ) async throws -> [BiometricStream] {
        try await importBiometrics([`import`], studyID: studyID, participantID: participantID, actorID: actorID).streams[0]
    }

    /// Stores the streams and markers of several imports (several files of one participant) in ONE
    /// transaction: if any stream or marker cannot be stored, nothing is. Then appends one
    /// `biometrics.import` audit event per import.
    ///
    /// With `completing`, the data are stored only while that worker holds the job, and the job
    /// succeeds in the same transaction (``JobCompletion``).
    ///
    /// - Returns: per import, the stored streams and markers, in the imports' order.
    @discardableResult
    public func importBiometrics(
        _ imports: [BiometricImport], studyID: Int64, participantID: Int64, actorID: Int64? = nil,
        completing job: JobCompletion? = nil
    ) async throws -> (streams: [[BiometricStream]], markers: [[BiometricMarker]]) {
        guard try await study(id: studyID) != nil else { throw StoreError.notFound("study", studyID) }
        guard let participant = try await participant(id: participantID) else {
            throw StoreError.notFound("participant", participantID)
        }
        guard participant.studyID == studyID else {
            throw StoreError(
                .invalidInput,
                "Participant \(participantID) belongs to study \(participant.studyID), not \(studyID); choose a participant of this study.", fr: "Le participant \(participantID) appartient à l’étude \(participant.studyID), pas à \(studyID) ; choisissez un participant de cette étude.")
        }
        let series = imports.flatMap(\.streams)
        let markers = imports.flatMap(\.markers).map { BiometricMarker(marker: $0, studyID: studyID, participantID: participantID) }
        let stored = try await addBiometrics(
            streams: series.map { BiometricStream(series: $0, studyID: studyID, participantID: participantID) },
            samples: series.map(BiometricSamples.init(series:)), markers: markers, completing: job)
        var streams: [[BiometricStream]] = [], storedMarkers: [[BiometricMarker]] = []
        var s = 0, m = 0
        for imported in imports {
            streams.append(Array(stored.streams[s..<(s + imported.streams.count)]))
            storedMarkers.append(Array(stored.markers[m..<(m + imported.markers.count)]))
            s += imported.streams.count
            m += imported.markers.count
        }
        for (imported, stored) in zip(imports, streams) {
            let samples = stored.reduce(0) { $0 + $1.sampleCount }
            var details: AuditDetails = [
                "format": .string(imported.format.rawValue), "streams": .int(Int64(stored.count)), "samples": .int(Int64(samples)),
            ]
            if !imported.markers.isEmpty { details.fields["markers"] = .int(Int64(imported.markers.count)) }
            _ = try await appendAudit(
                actorID: actorID, action: "biometrics.import", studyID: studyID, targetKind: "participant", targetID: participantID,
                details: details)
        }
        return (streams, storedMarkers)
    }

    /// The stream with its samples as a Biometrics ``TimeSeries``.
    ///
    /// - Parameter participant: the pseudonym to write into the series.
    public func timeSeries(_ stream: BiometricStream, participant: String? = nil) async throws -> TimeSeries {
        guard let id = stream.id else {
            throw StoreError(.invalidInput, "The stream has no id; store it first or read it with biometricStreams(participantID:).", fr: "Le flux n’a pas d’identifiant ; enregistrez-le d’abord ou lisez-le avec biometricStreams(participantID:).")
        }
        let samples = try await biometricSamples(streamID: id, from: nil, to: nil)
        return try TimeSeries(stream: stream, samples: samples, participant: participant)
    }
}
