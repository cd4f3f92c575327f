import Foundation
import GRDB

extension SQLiteStore {
    /// The recording's user-set clock, or `nil` when none was set.
    public func recordingSync(recordingID: Int64) async throws -> RecordingSync? {
        try await read { db in try RecordingSync.fetchOne(db, key: recordingID) }
    }

    /// Sets (replaces) the recording's clock; the recording must exist.
    public func setRecordingSync(_ sync: RecordingSync) async throws -> RecordingSync {
        try StoreInputChecks.recordingSync(sync)
        return try await write { db in
            guard try Recording.exists(db, key: sync.recordingID) else { throw StoreError.notFound("recording", sync.recordingID) }
            var stored = sync
            stored.updatedAt = Date()
            try stored.save(db)
            return stored
        }
    }
}
