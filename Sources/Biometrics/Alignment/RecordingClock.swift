#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Maps times on a recording's timeline (seconds from the start of the media) to absolute UTC
/// times on the wearables' clocks.
///
/// `absolute(t) = wallClockStart + t + offset`: `offset` corrects the recording's clock, e.g.
/// from a sync marker seen in both the media and a device.
public struct RecordingClock: Sendable, Hashable, Codable {
    /// The recording's wall-clock start (from the media's creation time, or set by the user).
    public var wallClockStart: Date
    /// Seconds added to the recording's clock to reach the devices' clock.
    public var offset: Double

    /// Creates a clock.
    public init(wallClockStart: Date, offset: Double = 0) {
        self.wallClockStart = wallClockStart
        self.offset = offset
    }

    /// A clock corrected by a sync event: a marker the device stamped at `markerTime` (e.g. an
    /// E4 tag press) that happens `secondsIntoRecording` after the media starts.
    public init(wallClockStart: Date, syncMarker markerTime: Date, secondsIntoRecording: Double) {
        self.wallClockStart = wallClockStart
        self.offset = markerTime.timeIntervalSince(wallClockStart) - secondsIntoRecording
    }

    /// The absolute time of `seconds` on the recording's timeline.
    public func absolute(_ seconds: Double) -> Date {
        wallClockStart.addingTimeInterval(seconds + offset)
    }

    /// The recording-timeline position of an absolute time.
    public func position(of date: Date) -> Double {
        date.timeIntervalSince(wallClockStart) - offset
    }
}

/// A span of the recording's timeline: a speaker turn, a segment or a coded passage.
public struct TimelineInterval: Sendable, Hashable, Codable {
    /// Seconds from the start of the recording.
    public var start: Double
    /// Seconds from the start of the recording (after `start`).
    public var end: Double
    /// What the span is (a speaker, a segment id, a code name...).
    public var label: String

    /// Creates an interval.
    public init(start: Double, end: Double, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }
}
