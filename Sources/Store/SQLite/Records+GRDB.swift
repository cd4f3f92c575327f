import GRDB
import Foundation

// Database conformances of the record types, kept apart so the records stay plain value types.

extension Study: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "study"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension User: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "app_user"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StudyMembership: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "study_membership"
}

extension APIToken: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "api_token"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension UserAccount: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "user_account"
}

extension UserSession: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "user_session"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Participant: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "participant"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ParticipantAttribute: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "participant_attribute"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Recording: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "recording"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Capture: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "capture"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Capture.State: DatabaseValueConvertible {}

extension CaptureChunk: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "capture_chunk"
}

extension RecordingParticipant: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "recording_participant"
}

extension Transcript: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "transcript"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Segment: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "segment"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Word: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "word"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Speaker: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "speaker"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Code: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "code"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Coding: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "coding"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension CodingCompletion: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "coding_completion"
}

extension ConsensusRecord: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "consensus_decision"
}

extension Memo: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "memo"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension BiometricStream: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "biometric_stream"
    /// The start is stored as a REAL number of seconds since 2001-01-01 UTC, bit for bit, not as
    /// millisecond text (a biometric stream's samples are placed from it).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSinceReferenceDate
    }
    /// Reads the start as stored by ``databaseDateEncodingStrategy``.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSinceReferenceDate
    }
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension RecordingSync: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "recording_sync"
    /// The start is stored as a REAL number of seconds since 2001-01-01 UTC, bit for bit (samples are placed from it).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        column == "wallClockStart" ? .timeIntervalSinceReferenceDate : .deferredToDate
    }
    /// Reads the dates as ``databaseDateEncodingStrategy`` stores them.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        column == "wallClockStart" ? .timeIntervalSinceReferenceDate : .deferredToDate
    }
}

extension BiometricMarker: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "biometric_marker"
    /// The time is stored as a REAL number of seconds since 2001-01-01 UTC, bit for bit.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSinceReferenceDate
    }
    /// Reads the time as ``databaseDateEncodingStrategy`` stores it.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSinceReferenceDate
    }
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension BiometricChunk: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "biometric_chunk"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Job: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "job"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension JobState: DatabaseValueConvertible {}

extension AuditEvent: FetchableRecord, PersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "audit_event"

    /// Reads a row, `at` from integer milliseconds so the hashed value round-trips exactly.
    public init(row: Row) throws {
        self.init(
            id: row["id"], at: Date(timeIntervalSince1970: Double(row["atMilliseconds"] as Int64) / 1000),
            actorID: row["actorID"], action: row["action"], studyID: row["studyID"], targetKind: row["targetKind"],
            targetID: row["targetID"], details: row["details"], clientAddress: row["clientAddress"],
            previousHash: row["previousHash"], hash: row["hash"])
    }

    /// Writes the row, `at` as integer milliseconds.
    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["atMilliseconds"] = atMilliseconds
        container["actorID"] = actorID
        container["action"] = action
        container["studyID"] = studyID
        container["targetKind"] = targetKind
        container["targetID"] = targetID
        container["details"] = details
        container["clientAddress"] = clientAddress
        container["previousHash"] = previousHash
        container["hash"] = hash
    }
}

extension Redaction: FetchableRecord, MutablePersistableRecord {
    /// SQL table name.
    public static let databaseTableName = "redaction"
    /// Takes the assigned row id.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
