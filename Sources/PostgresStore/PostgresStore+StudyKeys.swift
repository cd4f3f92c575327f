import Dispatch
import Foundation
import PostgresNIO
import Store
import Synchronization

extension WrappedStudyKey: PostgresRecord {
    static let columns = "id, studyID, masterKeyID, sealed, createdAt"
    init(row: PostgresRow) throws {
        let (id, studyID, masterKeyID, sealed, createdAt) = try row.decode((String, Int64, String, Data, Date).self)
        self.init(id: id, studyID: studyID, masterKeyID: masterKeyID, sealed: sealed, createdAt: createdAt)
    }
}

/// The wrapped study keys (table `study_key`, as on SQLite). ``StudyKeyStorage`` is synchronous,
/// like the media storage that calls it from the blocking-work queue: each call waits for its query.
extension PostgresStore: StudyKeyStorage {
    public func wrappedStudyKey(studyID: Int64) throws -> WrappedStudyKey? {
        try waiting {
            try await self.withConnection { connection in
                try await connection.fetchOne(
                    WrappedStudyKey.self, "SELECT \(unescaped: WrappedStudyKey.columns) FROM study_key WHERE studyID = \(studyID)",
                    logger: self.logger)
            }
        }
    }

    public func wrappedStudyKey(id: String) throws -> WrappedStudyKey? {
        try waiting {
            try await self.withConnection { connection in
                try await connection.fetchOne(
                    WrappedStudyKey.self, "SELECT \(unescaped: WrappedStudyKey.columns) FROM study_key WHERE id = \(id)",
                    logger: self.logger)
            }
        }
    }

    /// Keeps `key` unless its study has one already (another process may have stored one at the
    /// same moment); returns the study's key either way.
    public func addWrappedStudyKey(_ key: WrappedStudyKey) throws -> WrappedStudyKey {
        try waiting {
            try await self.withTransaction { connection in
                try await connection.query(
                    """
                    INSERT INTO study_key (id, studyID, masterKeyID, sealed, createdAt)
                    VALUES (\(key.id), \(key.studyID), \(key.masterKeyID), \(key.sealed), \(key.createdAt))
                    ON CONFLICT (studyID) DO NOTHING
                    """, logger: self.logger)
                return try await connection.fetchOne(
                    WrappedStudyKey.self,
                    "SELECT \(unescaped: WrappedStudyKey.columns) FROM study_key WHERE studyID = \(key.studyID)",
                    logger: self.logger)!
            }
        }
    }

    public func studyKeyMasterIDs() throws -> Set<String> {
        try waiting {
            try await self.withConnection { connection in
                Set(
                    try await connection.query("SELECT DISTINCT masterKeyID FROM study_key", logger: self.logger).collect()
                        .map { try $0.decode(String.self) })
            }
        }
    }

    /// Runs `body` in a task of its own and blocks the calling thread until it ends. Callers run
    /// on a blocking-work queue (the media storage), not on the cooperative pool's few threads.
    private func waiting<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let done = DispatchSemaphore(value: 0)
        let outcome = WaitedOutcome<Value>()
        Task.detached {
            let result: Result<Value, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.value.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.value.withLock { $0! }.get()
    }
}

/// The result of a task another thread waits for.
private final class WaitedOutcome<Value: Sendable>: Sendable {
    let value = Mutex<Result<Value, any Error>?>(nil)
}
