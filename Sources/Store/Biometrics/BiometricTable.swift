import Foundation

/// What one row of a ``BiometricTable`` summarises: a speaker turn, a segment or a coded span.
public enum BiometricTableUnit: String, Codable, Sendable, Hashable, CaseIterable {
    /// Consecutive segments of one speaker.
    case turn
    /// One transcript segment.
    case segment
    /// A coding: a code on a character range, timed by the segments it covers.
    case coding
}

/// The body's signals during one unit of the interview, for one participant linked to the recording.
///
/// Every measure is `nil` when the participant has no stream to compute it from; a stream that
/// exists but has no data in the unit gives a coverage of 0 and `nil` statistics.
public struct BiometricTableRow: Codable, Sendable, Hashable {
    /// The kind of unit.
    public var unit: BiometricTableUnit
    /// Position of the unit in the transcript (turns and segments) or in the codings' order, from 0.
    public var index: Int
    /// The speaker's label; several covered speakers (a coding) are joined with ` + `.
    public var speaker: String
    /// The code's name, for a coding.
    public var code: String?
    /// Start, seconds from the start of the recording.
    public var start: Double
    /// End, seconds from the start of the recording.
    public var end: Double
    /// The participant whose streams the measures come from (pseudonym).
    public var participant: String
    /// Whether that participant is (one of) the unit's speaker(s), as identified on the speakers.
    public var participantSpeaking: Bool
    /// Mean heart rate in bpm.
    public var heartRateMean: Double?
    /// Lowest heart rate in bpm.
    public var heartRateMin: Double?
    /// Highest heart rate in bpm.
    public var heartRateMax: Double?
    /// Where heart rate comes from: `heartRate` (device), `rrInterval` (60 / beat interval), `ecg` (R peaks) or `bvp` (detected pulses).
    public var heartRateSource: String?
    /// Fraction (0–1) of the unit covered by the heart-rate data.
    public var heartRateCoverage: Double?
    /// RMSSD of the beat intervals in ms (`nil` without two successive beats).
    public var rmssd: Double?
    /// Number of beat intervals in the unit.
    public var beats: Int?
    /// Where beats come from: `rrInterval` (device), `ecg` (R peaks) or `bvp` (detected pulses).
    public var beatSource: String?
    /// Fraction (0–1) of the unit covered by beat intervals.
    public var beatCoverage: Double?
    /// Mean skin conductance in µS.
    public var edaMean: Double?
    /// Number of skin-conductance responses peaking in the unit.
    public var scrCount: Int?
    /// Mean amplitude of those responses in µS.
    public var scrAmplitudeMean: Double?
    /// Fraction (0–1) of the unit covered by EDA data.
    public var edaCoverage: Double?
    /// Mean activity (ENMO per 1 s epoch) in milli-g.
    public var activityMean: Double?
    /// Fraction (0–1) of the unit covered by accelerometer data.
    public var activityCoverage: Double?

    /// Creates a row with no measures.
    public init(
        unit: BiometricTableUnit, index: Int, speaker: String, code: String? = nil, start: Double, end: Double, participant: String,
        participantSpeaking: Bool
    ) {
        self.unit = unit
        self.index = index
        self.speaker = speaker
        self.code = code
        self.start = start
        self.end = end
        self.participant = participant
        self.participantSpeaking = participantSpeaking
    }

    /// The column names, in CSV order (also the JSON keys).
    public static let columns = [
        "unit", "index", "speaker", "code", "start", "end", "participant", "participantSpeaking", "heartRateMean", "heartRateMin",
        "heartRateMax", "heartRateSource", "heartRateCoverage", "rmssd", "beats", "beatSource", "beatCoverage", "edaMean", "scrCount",
        "scrAmplitudeMean", "edaCoverage", "activityMean", "activityCoverage",
    ]

    /// The row's fields in ``columns`` order, `nil` for a missing value.
    var fields: [Field] {
        [
            .text(unit.rawValue), .integer(index), .text(speaker), code.map(Field.text) ?? .null, .number(start), .number(end),
            .text(participant), .boolean(participantSpeaking), .number(heartRateMean), .number(heartRateMin), .number(heartRateMax),
            heartRateSource.map(Field.text) ?? .null, .number(heartRateCoverage), .number(rmssd), beats.map(Field.integer) ?? .null,
            beatSource.map(Field.text) ?? .null, .number(beatCoverage), .number(edaMean), scrCount.map(Field.integer) ?? .null,
            .number(scrAmplitudeMean), .number(edaCoverage), .number(activityMean), .number(activityCoverage),
        ]
    }

    /// Encodes every column, `null` where a value is missing (a fixed shape for clients).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnKey.self)
        for (name, field) in zip(Self.columns, fields) {
            let key = ColumnKey(stringValue: name)
            switch field {
            case .null: try container.encodeNil(forKey: key)
            case .text(let text): try container.encode(text, forKey: key)
            case .integer(let value): try container.encode(value, forKey: key)
            case .boolean(let value): try container.encode(value, forKey: key)
            case .number(let value):
                if let value, value.isFinite { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
            }
        }
    }

    /// One cell.
    enum Field {
        case null
        case text(String)
        case integer(Int)
        case boolean(Bool)
        case number(Double?)

        /// The cell as RFC 4180 CSV text (`.` decimals; quoted when it holds a comma, quote or line break).
        var csv: String {
            switch self {
            case .null: return ""
            case .integer(let value): return String(value)
            case .boolean(let value): return value ? "true" : "false"
            case .number(let value): return value.flatMap { $0.isFinite ? "\($0)" : nil } ?? ""
            case .text(let text):
                guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
        }
    }

    struct ColumnKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// Per turn, segment or coded span of a transcript: heart rate, HRV, EDA and activity of each
/// participant linked to the recording (see ``Store/biometricTable(transcriptID:by:)``).
public struct BiometricTable: Encodable, Sendable, Hashable {
    /// The transcript version.
    public var transcriptID: Int64
    /// Its recording.
    public var recordingID: Int64
    /// What each row summarises.
    public var unit: BiometricTableUnit
    /// The recording's wall-clock start used (user-set, else the media's creation time).
    public var wallClockStart: Date
    /// The offset correction used, in seconds.
    public var offset: Double
    /// The rows: unit-major, then participants by pseudonym.
    public var rows: [BiometricTableRow]

    /// The table as RFC 4180 CSV: a header of ``BiometricTableRow/columns``, CRLF line ends, UTF-8, `.` decimals.
    public func csv() -> String {
        var out = BiometricTableRow.columns.joined(separator: ",") + "\r\n"
        for row in rows { out += row.fields.map(\.csv).joined(separator: ",") + "\r\n" }
        return out
    }
}
