#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A point or span in time that a file marks: a button press, an annotation, a beat label,
/// a device event.
public struct Marker: Sendable, Hashable, Codable {
    /// Where the marker comes from.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A button press on the device (Empatica E4 tags).
        case tag
        /// A text annotation with optional duration (EDF+ TAL, a sleep stage).
        case annotation
        /// A beat or rhythm label (WFDB annotation file).
        case beat
        /// A device event (Garmin FIT `event` message: timer start/stop, lap...).
        case deviceEvent
    }

    /// The absolute UTC time of the marker's onset.
    public var time: Date
    /// Duration in seconds, when the marker is a span.
    public var duration: Double?
    /// The marker's text (e.g. "Sleep stage W", "N", "timer start").
    public var label: String
    /// Where it comes from.
    public var kind: Kind
    /// The device or file it comes from.
    public var source: String

    /// Creates a marker.
    public init(time: Date, duration: Double? = nil, label: String, kind: Kind, source: String) {
        self.time = time
        self.duration = duration
        self.label = label
        self.kind = kind
        self.source = source
    }
}
