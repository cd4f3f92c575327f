import Foundation
import GRDB

extension WrappedStudyKey: FetchableRecord, PersistableRecord {
    /// The table (migration `v8-study-keys`).
    public static let databaseTableName = "study_key"
}

extension SQLiteStore: StudyKeyStorage {
    public func wrappedStudyKey(studyID: Int64) throws -> WrappedStudyKey? {
        try pool.read { db in try WrappedStudyKey.filter(Column("studyID") == studyID).fetchOne(db) }
    }

    public func wrappedStudyKey(id: String) throws -> WrappedStudyKey? {
        try pool.read { db in try WrappedStudyKey.filter(Column("id") == id).fetchOne(db) }
    }

    public func addWrappedStudyKey(_ key: WrappedStudyKey) throws -> WrappedStudyKey {
        do {
            return try pool.write { db in
                if let existing = try WrappedStudyKey.filter(Column("studyID") == key.studyID).fetchOne(db) { return existing }
                try key.insert(db)
                return key
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    public func studyKeyMasterIDs() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT masterKeyID FROM study_key")) }
    }
}
