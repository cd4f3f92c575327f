#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a Garmin / ANT+ FIT activity file: `record` messages (heart rate, cadence, speed,
/// distance, altitude, temperature), `hrv` beat intervals, and `event` messages.
///
/// Every definition message sets its own byte order; compressed-timestamp headers are resolved
/// against the last full timestamp; developer fields are skipped. Times are seconds since
/// 1989-12-31 00:00 UTC; the streams start at the first `record` or `event` message, whatever
/// other messages were written before it. GPS positions identify people and are dropped (and the omission
/// reported) unless `includeLocation` is set; the `user_profile` message (weight, age, sex) is
/// never read.
///
/// Truncation rule: a file whose data ends before its header's data size is rejected with a
/// `truncated` error that says how many complete messages it holds. With
/// `keepCompleteMessages`, every message that was read in full up to the cut is kept, the
/// partial last message is discarded, and the shortfall is noted in the result.
public struct FITImporter: Sendable {
    /// Keep GPS latitude/longitude (in degrees) as streams.
    public var includeLocation: Bool
    /// Keep the complete messages of a truncated file instead of rejecting it.
    public var keepCompleteMessages: Bool
    /// The participant written into the streams.
    public var participant: String?

    /// Creates an importer.
    public init(includeLocation: Bool = false, keepCompleteMessages: Bool = false, participant: String? = nil) {
        self.includeLocation = includeLocation
        self.keepCompleteMessages = keepCompleteMessages
        self.participant = participant
    }

    /// Seconds from 1970-01-01 to the FIT epoch 1989-12-31 00:00 UTC.
    public static let epochOffset: Double = 631_065_600

    struct FieldDefinition {
        var number: Int
        var size: Int
        var baseType: Int
    }

    struct Definition {
        var global: Int
        var littleEndian: Bool
        var fields: [FieldDefinition]
        var developerBytes: Int
    }

    /// Imports the file at `url`.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        try read(bytes: TextFile.read(url), file: url.path)
    }

    /// Imports a file held in memory; `file` names it in errors.
    public func read(bytes: [UInt8], file: String) throws(ImportError) -> BiometricImport {
        var decoder = FITDecoder(includeLocation: includeLocation)
        var position = 0
        var notes: [String] = []
        repeat {  // a FIT file may chain several FIT files
            guard bytes.count - position >= 12, bytes[position + 8] == 0x2E, bytes[position + 9] == 0x46,
                  bytes[position + 10] == 0x49, bytes[position + 11] == 0x54 else {
                if position == 0 {
                    throw ImportError(file: file, reason: .wrongFormat, message: "not a FIT file (no \".FIT\" signature)")
                }
                break
            }
            let headerSize = Int(bytes[position])
            let dataSize = Int(bytes[position + 4]) | Int(bytes[position + 5]) << 8 | Int(bytes[position + 6]) << 16 | Int(bytes[position + 7]) << 24
            let dataStart = position + headerSize
            let dataEnd = dataStart + dataSize
            let available = min(dataEnd, bytes.count)
            let complete = dataEnd + 2 <= bytes.count
            let stoppedAt = decoder.decode(bytes, from: dataStart, to: available)
            if !complete || stoppedAt < dataEnd {
                let message = "the file ends after \(decoder.messageCount) complete messages (\(bytes.count) of \(dataEnd + 2) bytes); the transfer from the watch was incomplete"
                guard keepCompleteMessages else {
                    throw ImportError(file: file, reason: .truncated, message: message + " (import with keepCompleteMessages to keep them)")
                }
                notes.append("truncated: " + message + "; the partial last message was discarded")
                break
            }
            if CRC16.fit(bytes[position..<dataEnd]) != UInt16(bytes[dataEnd]) | UInt16(bytes[dataEnd + 1]) << 8 {
                throw ImportError(file: file, reason: .malformed, message: "the file's CRC does not match its contents: it is damaged")
            }
            position = dataEnd + 2
        } while position < bytes.count
        let source = decoder.deviceName ?? "FIT"
        var streams: [TimeSeries] = []
        guard let origin = decoder.firstTimestamp ?? decoder.firstOtherTimestamp else {
            return BiometricImport(format: .fit, streams: [], markers: [], omitted: decoder.omitted, notes: notes)
        }
        let start = Date(timeIntervalSince1970: origin + Self.epochOffset)
        let order: [(ChannelKind, String, String)] = [
            (.heartRate, "heart_rate", "bpm"), (.cadence, "cadence", "rpm"), (.speed, "speed", "m/s"),
            (.distance, "distance", "m"), (.altitude, "altitude", "m"), (.temperature, "temperature", "degC"),
            (.latitude, "position_lat", "deg"), (.longitude, "position_long", "deg"),
        ]
        for (kind, label, unit) in order {
            guard let samples = decoder.records[kind], !samples.isEmpty else { continue }
            streams.append(TimeSeries(participant: participant, source: source, kind: kind, label: label, unit: unit, start: start,
                                      timing: .irregular(offsets: samples.map { $0.0 - origin }), values: samples.map(\.1)))
        }
        if !decoder.beats.isEmpty {
            // hrv messages carry no time: beats are placed cumulatively from the first record or event (timer start).
            var t = 0.0
            let offsets = decoder.beats.map { beat -> Double in t += beat; return t }
            streams.append(TimeSeries(participant: participant, source: source, kind: .rrInterval, label: "hrv", unit: "s", start: start,
                                      timing: .irregular(offsets: offsets), values: decoder.beats))
            notes.append("hrv beat times are cumulative sums of the intervals from the activity's start")
        }
        let markers = decoder.events.map { Marker(time: Date(timeIntervalSince1970: $0.0 + Self.epochOffset), label: $0.1, kind: .deviceEvent, source: source) }
        return BiometricImport(format: .fit, streams: streams, markers: markers, omitted: decoder.omitted, notes: notes)
    }
}

/// The FIT CRC-16 (nibble-table form from the FIT SDK).
enum CRC16 {
    static let table: [UInt16] = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
                                  0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]

    /// The checksum of `bytes`.
    static func fit(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            var tmp = table[Int(crc & 0xF)]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ table[Int(byte & 0xF)]
            tmp = table[Int(crc & 0xF)]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ table[Int((byte >> 4) & 0xF)]
        }
        return crc
    }
}
