/// Options a transcription cannot run with; the message says what to pass instead.
public enum TranscriptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The language code is not one of the model's (`fr`, `en`, `de`...).
    case unknownLanguage(String)
    /// The beam size is below 1.
    case invalidBeamSize(Int)
    /// The number of sampled candidates is below 1.
    case invalidBestOf(Int)
    /// The temperature schedule is empty.
    case noTemperature
    /// The longest silence kept inside a segment is not positive.
    case invalidMaxSilence(Double)

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .unknownLanguage(let code):
            "Unknown language code \(code): use a Whisper language code such as fr, en, de, or auto."
        case .invalidBeamSize(let size): "Beam size \(size) is invalid: use 1 (greedy) or more, e.g. 5."
        case .invalidBestOf(let count): "Best-of \(count) is invalid: sample at least 1 candidate, e.g. 5."
        case .noTemperature: "The temperature schedule is empty: give at least one temperature, e.g. 0."
        case .invalidMaxSilence(let seconds):
            "A maximum silence of \(seconds) s is invalid: give a positive number of seconds, e.g. 2."
        }
    }
}
