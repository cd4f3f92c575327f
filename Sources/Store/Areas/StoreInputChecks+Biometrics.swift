import Foundation

extension StoreInputChecks {
    /// Streams, their sample sets (one per stream) and markers to store: channels × samples values
    /// in time order, a positive rate or none, markers at finite times.
    public static func biometrics(streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker])
        throws(StoreError)
    {
        guard streams.count == samples.count else {
            throw StoreError(
                .invalidInput, "\(streams.count) streams but \(samples.count) sample sets; give one sample set per stream.",
                fr: "\(streams.count) flux mais \(samples.count) séries d’échantillons ; donnez une série par flux.")
        }
        for (stream, samples) in zip(streams, samples) { try biometricStream(stream, samples) }
        guard markers.allSatisfy({ $0.time.timeIntervalSinceReferenceDate.isFinite && ($0.duration?.isFinite ?? true) }) else {
            throw StoreError(
                .invalidInput, "A marker has a time or duration that is not a finite number; check the file's annotations.",
                fr: "Un marqueur a une date ou une durée qui n’est pas un nombre fini ; vérifiez les annotations du fichier.")
        }
    }

    /// One stream and its samples.
    static func biometricStream(_ stream: BiometricStream, _ samples: BiometricSamples) throws(StoreError) {
        let count = samples.offsets.count
        guard stream.channels > 0, samples.values.count == count * stream.channels else {
            throw StoreError(
                .invalidInput,
                "\(samples.values.count) values do not make \(count) samples of \(stream.channels) channel(s); give channels × samples values.",
                fr: "\(samples.values.count) valeurs ne font pas \(count) échantillons de \(stream.channels) canal(aux) ; donnez canaux × échantillons valeurs.")
        }
        guard zip(samples.offsets, samples.offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw StoreError(
                .invalidInput, "Sample offsets must be in increasing time order; sort the samples first.",
                fr: "Les instants des échantillons doivent être croissants ; triez d’abord les échantillons.")
        }
        if let rate = stream.sampleRate, !(rate > 0) {
            throw StoreError(
                .invalidInput, "Sample rate \(rate) Hz must be positive, or nil for an irregular stream.",
                fr: "La fréquence \(rate) Hz doit être positive, ou absente pour un flux irrégulier.")
        }
    }
}
