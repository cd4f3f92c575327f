import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Sets a study's blind coding, blind names and pseudonymised-for-coders settings in one transaction.
    public func setStudySettings(studyID: Int64, blindCoding: Bool, blindNames: Bool, pseudonymisedForCoders: Bool) async throws -> Study {
        let study = try await withTransaction { connection in
            try await connection.fetchOne(
                Study.self,
                """
                UPDATE study SET blindCoding = \(blindCoding), blindNames = \(blindNames),
                    pseudonymisedForCoders = \(pseudonymisedForCoders)
                WHERE id = \(studyID)
                RETURNING \(unescaped: Study.columns)
                """, logger: self.logger)
        }
        guard let study else { throw StoreError.notFound("study", studyID) }
        return study
    }
}
