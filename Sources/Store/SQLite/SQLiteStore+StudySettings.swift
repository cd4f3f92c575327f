import Foundation
import GRDB

extension SQLiteStore {
    /// Sets a study's blind coding, blind names and pseudonymised-for-coders settings in one transaction.
    public func setStudySettings(studyID: Int64, blindCoding: Bool, blindNames: Bool, pseudonymisedForCoders: Bool) async throws -> Study {
        try await write { db in
            guard var study = try Study.fetchOne(db, key: studyID) else { throw StoreError.notFound("study", studyID) }
            study.blindCoding = blindCoding
            study.blindNames = blindNames
            study.pseudonymisedForCoders = pseudonymisedForCoders
            try study.update(db)
            return study
        }
    }
}
