import Foundation

/// A point or span in time that a wearable file marks (an E4 tag press, an EDF+ annotation, a
/// WFDB beat label, a FIT event), stored for a participant so it can serve as a sync marker.
public struct BiometricMarker: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study.
    public var studyID: Int64
    /// The participant whose device or file holds the marker.
    public var participantID: Int64
    /// Absolute UTC time of the marker's onset.
    public var time: Date
    /// Duration in seconds, when the marker is a span.
    public var duration: Double?
    /// The marker's text (`tag`, `Sleep stage W`, `N`, `timer start`).
    public var label: String
    /// Where it comes from: a Biometrics `Marker.Kind` raw value (`tag`, `annotation`, `beat`, `deviceEvent`).
    public var kind: String
    /// The device or file it comes from.
    public var source: String

    /// Creates a marker value; the store assigns `id`.
    public init(
        id: Int64? = nil, studyID: Int64, participantID: Int64, time: Date, duration: Double? = nil, label: String, kind: String,
        source: String
    ) {
        self.id = id
        self.studyID = studyID
        self.participantID = participantID
        self.time = time
        self.duration = duration
        self.label = label
        self.kind = kind
        self.source = source
    }
}
