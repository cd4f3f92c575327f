import Foundation
import PostgresNIO
import Store

extension PostgresStore: ParticipantStore {
    /// Stores a new participant; the pseudonym must be valid and unique in the study.
    public func createParticipant(studyID: Int64, pseudonym: String) async throws -> Participant {
        try StoreInputChecks.pseudonym(pseudonym)
        let participant = Participant(studyID: studyID, pseudonym: pseudonym)
        return try await withTransaction { connection in
            try await connection.fetchOne(
                Participant.self,
                """
                INSERT INTO participant (studyID, pseudonym, createdAt)
                VALUES (\(participant.studyID), \(participant.pseudonym), \(participant.createdAt))
                RETURNING \(unescaped: Participant.columns)
                """, logger: self.logger)!
        }
    }

    /// The participant with this id, or `nil`.
    public func participant(id: Int64) async throws -> Participant? {
        try await withConnection { connection in
            try await connection.fetchOne(
                Participant.self, "SELECT \(unescaped: Participant.columns) FROM participant WHERE id = \(id)",
                logger: self.logger)
        }
    }

    /// The participants of a study, by pseudonym (in code-point order, as SQLite sorts).
    public func participants(studyID: Int64) async throws -> [Participant] {
        try await withConnection { connection in
            try await connection.fetchAll(
                Participant.self,
                """
                SELECT \(unescaped: Participant.columns) FROM participant WHERE studyID = \(studyID)
                ORDER BY pseudonym COLLATE "C"
                """, logger: self.logger)
        }
    }

    /// Sets (inserts or replaces) a case variable.
    public func setAttribute(participantID: Int64, name: String, value: String, isSensitive: Bool) async throws {
        try StoreInputChecks.attribute(name: name, value: value)
        try await withTransaction { connection in
            try await connection.query(
                """
                INSERT INTO participant_attribute (participantID, name, value, isSensitive)
                VALUES (\(participantID), \(name), \(value), \(isSensitive))
                ON CONFLICT (participantID, name) DO UPDATE SET value = excluded.value, isSensitive = excluded.isSensitive
                """, logger: self.logger)
            return ()
        }
    }

    /// A participant's case variables by name; sensitive ones only when `includeSensitive`.
    public func attributes(participantID: Int64, includeSensitive: Bool) async throws -> [ParticipantAttribute] {
        try await withConnection { connection in
            try await connection.fetchAll(
                ParticipantAttribute.self,
                """
                SELECT \(unescaped: ParticipantAttribute.columns) FROM participant_attribute
                WHERE participantID = \(participantID) AND (\(includeSensitive) OR NOT isSensitive)
                ORDER BY name COLLATE "C"
                """, logger: self.logger)
        }
    }

    /// Removes a case variable; `.notFound` when the participant has none of that name.
    public func removeAttribute(participantID: Int64, name: String) async throws {
        let deleted = try await withTransaction { connection in
            try await connection.count(
                "DELETE FROM participant_attribute WHERE participantID = \(participantID) AND name = \(name) RETURNING id",
                logger: self.logger)
        }
        guard deleted > 0 else { throw StoreInputChecks.noSuchAttribute(participantID: participantID, name: name) }
    }
}
