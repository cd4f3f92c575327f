import Foundation
import PostgresNIO
import Store

extension SealedIdentity: PostgresRecord {
    static let columns = "participantID, keyID, sealed, updatedAt, updatedBy"
    init(row: PostgresRow) throws {
        let (participantID, keyID, sealed, updatedAt, updatedBy) = try row.decode((Int64, String, Data, Date, Int64?).self)
        self.init(participantID: participantID, keyID: keyID, sealed: sealed, updatedAt: updatedAt, updatedBy: updatedBy)
    }
}

/// The identity vault (table `identity_vault`, as on SQLite): ciphertext only.
extension PostgresStore: IdentityVaultStore {
    public func setSealedIdentity(_ identity: SealedIdentity) async throws {
        try await withTransaction { connection in
            guard try await connection.count("SELECT id FROM participant WHERE id = \(identity.participantID)", logger: self.logger) > 0
            else { throw StoreError.notFound("participant", identity.participantID) }
            try await connection.query(
                """
                INSERT INTO identity_vault (participantID, keyID, sealed, updatedAt, updatedBy)
                VALUES (\(identity.participantID), \(identity.keyID), \(identity.sealed), \(identity.updatedAt), \(identity.updatedBy))
                ON CONFLICT (participantID) DO UPDATE
                SET keyID = excluded.keyID, sealed = excluded.sealed, updatedAt = excluded.updatedAt, updatedBy = excluded.updatedBy
                """, logger: self.logger)
        }
    }

    public func sealedIdentity(participantID: Int64) async throws -> SealedIdentity? {
        try await withConnection { connection in
            try await connection.fetchOne(
                SealedIdentity.self,
                "SELECT \(unescaped: SealedIdentity.columns) FROM identity_vault WHERE participantID = \(participantID)",
                logger: self.logger)
        }
    }

    public func removeSealedIdentity(participantID: Int64) async throws -> Bool {
        try await withTransaction { connection in
            try await connection.count(
                "DELETE FROM identity_vault WHERE participantID = \(participantID) RETURNING participantID", logger: self.logger) > 0
        }
    }

    public func sealedIdentities(studyID: Int64) async throws -> [SealedIdentity] {
        try await withConnection { connection in
            try await connection.fetchAll(
                SealedIdentity.self,
                """
                SELECT \(unescaped: SealedIdentity.columns) FROM identity_vault
                WHERE participantID IN (SELECT id FROM participant WHERE studyID = \(studyID)) ORDER BY participantID
                """, logger: self.logger)
        }
    }
}
