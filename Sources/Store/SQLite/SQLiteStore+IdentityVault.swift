import Foundation
import GRDB

extension SealedIdentity: FetchableRecord, PersistableRecord {
    /// The table (migration `v10-identity-vault`).
    public static let databaseTableName = "identity_vault"

    /// Every column, `updatedBy` too when it is `nil` (a replaced row keeps no earlier author).
    public func encode(to container: inout PersistenceContainer) throws {
        container["participantID"] = participantID
        container["keyID"] = keyID
        container["sealed"] = sealed
        container["updatedAt"] = updatedAt
        container["updatedBy"] = updatedBy
    }
}

extension SQLiteStore {
    public func setSealedIdentity(_ identity: SealedIdentity) async throws {
        try await write { db in
            guard try Participant.exists(db, key: identity.participantID) else {
                throw StoreError.notFound("participant", identity.participantID)
            }
            try identity.save(db)
        }
    }

    public func sealedIdentity(participantID: Int64) async throws -> SealedIdentity? {
        try await read { db in try SealedIdentity.fetchOne(db, key: participantID) }
    }

    public func removeSealedIdentity(participantID: Int64) async throws -> Bool {
        try await write { db in try SealedIdentity.deleteOne(db, key: participantID) }
    }

    public func sealedIdentities(studyID: Int64) async throws -> [SealedIdentity] {
        try await read { db in
            try SealedIdentity.fetchAll(
                db,
                sql: """
                    SELECT identity_vault.* FROM identity_vault JOIN participant ON participant.id = identity_vault.participantID
                    WHERE participant.studyID = ? ORDER BY identity_vault.participantID
                    """, arguments: [studyID])
        }
    }
}
