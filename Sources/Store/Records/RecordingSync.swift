import Foundation

/// How a recording's timeline maps onto the wearables' clocks: a user-set wall-clock start (instead
/// of the media's creation time) and an offset correction, e.g. from a sync marker.
///
/// The absolute time of `t` seconds into the recording is `wallClockStart + t + offset`, where
/// `wallClockStart` is this record's when set, else the recording's ``Recording/recordedAt``.
public struct RecordingSync: Codable, Sendable, Hashable {
    /// The recording.
    public var recordingID: Int64
    /// The wall-clock start set by a user; `nil` keeps the media's creation time.
    public var wallClockStart: Date?
    /// Seconds added to the recording's clock to reach the devices' clock.
    public var offset: Double
    /// When the setting was last changed (UTC).
    public var updatedAt: Date
    /// The stored marker the offset was computed from, if it was (see ``Store/syncRecording(_:markerID:secondsIntoRecording:)``).
    public var syncMarkerID: Int64?
    /// Where that marker's event happens in the recording, in seconds from its start.
    public var markerPosition: Double?

    /// Creates a setting.
    public init(
        recordingID: Int64, wallClockStart: Date? = nil, offset: Double = 0, updatedAt: Date = Date(), syncMarkerID: Int64? = nil,
        markerPosition: Double? = nil
    ) {
        self.recordingID = recordingID
        self.wallClockStart = wallClockStart
        self.offset = offset
        self.updatedAt = updatedAt
        self.syncMarkerID = syncMarkerID
        self.markerPosition = markerPosition
    }
}
