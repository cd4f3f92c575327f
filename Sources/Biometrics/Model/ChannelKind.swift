/// What a stream measures. The raw value is stable and meant for storage.
public enum ChannelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Heart rate in beats per minute.
    case heartRate
    /// Beat-to-beat (RR or inter-beat) intervals in seconds, one value per beat.
    case rrInterval
    /// Blood-volume pulse / photoplethysmogram, in the device's arbitrary unit.
    case bvp
    /// Electrodermal activity (skin conductance) in microsiemens.
    case eda
    /// Acceleration along the device's x axis, in g.
    case accX
    /// Acceleration along the device's y axis, in g.
    case accY
    /// Acceleration along the device's z axis, in g.
    case accZ
    /// Skin or ambient temperature in degrees Celsius.
    case temperature
    /// Step counts.
    case steps
    /// Cadence (steps or revolutions per minute).
    case cadence
    /// Speed in metres per second.
    case speed
    /// Cumulative distance in metres.
    case distance
    /// Altitude in metres.
    case altitude
    /// Electroencephalogram.
    case eeg
    /// Electrocardiogram.
    case ecg
    /// Electro-oculogram.
    case eog
    /// Electromyogram.
    case emg
    /// Respiration.
    case respiration
    /// Heart-rate variability as summarised by a device (e.g. Apple's SDNN).
    case hrv
    /// Blood-oxygen saturation.
    case oxygenSaturation
    /// GPS latitude in degrees (personal data: only imported on request).
    case latitude
    /// GPS longitude in degrees (personal data: only imported on request).
    case longitude
    /// Anything else; the stream's label says what.
    case other
}

extension ChannelKind {
    /// The unit Verbatim gives the kind's values, when it has one.
    public var usualUnit: String? {
        switch self {
        case .heartRate: "bpm"
        case .rrInterval: "s"
        case .bvp: "a.u."
        case .eda: "uS"
        case .accX, .accY, .accZ: "g"
        case .temperature: "degC"
        case .steps: "count"
        case .cadence: "rpm"
        case .speed: "m/s"
        case .distance, .altitude: "m"
        case .oxygenSaturation: "%"
        case .latitude, .longitude: "deg"
        case .ecg, .eeg, .eog, .emg, .respiration, .hrv, .other: nil
        }
    }
}
