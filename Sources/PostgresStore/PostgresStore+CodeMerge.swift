import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    /// Merges code `sourceID` into `targetID` in one transaction, as on SQLite: codings move (the
    /// same coder's duplicate of a span the target has already is dropped, its memos moving to the
    /// kept one), memos follow, sub-codes move under the target (same-named ones merge the same
    /// way), the source is deleted; leaves an audit event `code.merge` with counts only.
    public func mergeCode(_ sourceID: Int64, into targetID: Int64, actorID: Int64?) async throws -> CodeMerge {
        try await withTransaction { connection in
            let codes = try await connection.fetchAll(
                Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE id IN (\(sourceID), \(targetID)) FOR UPDATE",
                logger: self.logger)
            guard let source = codes.first(where: { $0.id == sourceID }) else { throw StoreError.notFound("code", sourceID) }
            guard let target = codes.first(where: { $0.id == targetID }) else { throw StoreError.notFound("code", targetID) }
            guard source.studyID == target.studyID else { throw StoreInputChecks.mergeAcrossStudies(sourceID, into: targetID) }
            var ancestor: Int64? = targetID
            while let current = ancestor {
                guard current != sourceID else { throw StoreInputChecks.mergeIntoItself(sourceID, into: targetID) }
                ancestor = try await connection.query("SELECT parentID FROM code WHERE id = \(current)", logger: self.logger)
                    .collect().first?.decode(Int64?.self)
            }
            var merge = CodeMerge(
                sourceID: sourceID, targetID: targetID, movedCodings: 0, collapsedCodings: 0, movedSubcodes: 0,
                mergedSubcodes: 0, auditEventID: 0)
            try await self.merge(sourceID, into: targetID, counting: &merge, connection)
            merge.auditEventID = try await self.appendAudit(
                actorID: actorID, action: "code.merge", studyID: source.studyID, targetKind: "code", targetID: targetID,
                details: [
                    "source": .int(sourceID), "movedCodings": .int(Int64(merge.movedCodings)),
                    "collapsedCodings": .int(Int64(merge.collapsedCodings)), "movedSubcodes": .int(Int64(merge.movedSubcodes)),
                    "mergedSubcodes": .int(Int64(merge.mergedSubcodes)),
                ], connection
            ).id
            return merge
        }
    }

    /// Moves everything of `sourceID` onto `targetID` and deletes the source, inside the caller's transaction.
    private func merge(_ sourceID: Int64, into targetID: Int64, counting merge: inout CodeMerge, _ connection: PostgresConnection)
        async throws
    {
        let children = try await connection.fetchAll(
            Code.self, "SELECT \(unescaped: Code.columns) FROM code WHERE parentID = \(sourceID) ORDER BY id", logger: logger)
        for child in children {
            if let twin = try await connection.query(
                "SELECT id FROM code WHERE parentID = \(targetID) AND name = \(child.name)", logger: logger
            ).collect().first?.decode(Int64.self) {
                try await self.merge(child.id!, into: twin, counting: &merge, connection)
                merge.mergedSubcodes += 1
            } else {
                try await connection.query("UPDATE code SET parentID = \(targetID) WHERE id = \(child.id!)", logger: logger)
                merge.movedSubcodes += 1
            }
        }
        let codings = try await connection.fetchAll(
            Coding.self, "SELECT \(unescaped: Coding.columns) FROM coding WHERE codeID = \(sourceID) ORDER BY id", logger: logger)
        for coding in codings {
            let twin = try await connection.query(
                """
                SELECT id FROM coding WHERE codeID = \(targetID) AND transcriptID = \(coding.transcriptID)
                    AND coderID = \(coding.coderID) AND charStart = \(coding.charStart) AND charEnd = \(coding.charEnd)
                """, logger: logger
            ).collect().first?.decode(Int64.self)
            if let twin {
                try await connection.query("UPDATE memo SET codingID = \(twin) WHERE codingID = \(coding.id!)", logger: logger)
                try await connection.query("DELETE FROM coding WHERE id = \(coding.id!)", logger: logger)
                merge.collapsedCodings += 1
            } else {
                try await connection.query("UPDATE coding SET codeID = \(targetID) WHERE id = \(coding.id!)", logger: logger)
                merge.movedCodings += 1
            }
        }
        try await connection.query("UPDATE memo SET codeID = \(targetID) WHERE codeID = \(sourceID)", logger: logger)
        try await connection.query("DELETE FROM code WHERE id = \(sourceID)", logger: logger)
    }

    /// What deleting a code would take with it; nothing is changed.
    public func codeDeletionPlan(codeID: Int64) async throws -> CodeDeletionPlan {
        try await withTransaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            guard try await connection.count("SELECT id FROM code WHERE id = \(codeID)", logger: self.logger) > 0 else {
                throw StoreError.notFound("code", codeID)
            }
            let row = try await connection.query(
                """
                WITH RECURSIVE tree(id) AS (
                    SELECT \(codeID)::BIGINT UNION ALL SELECT code.id FROM code JOIN tree ON code.parentID = tree.id)
                SELECT (SELECT count(*) - 1 FROM tree),
                    (SELECT count(*) FROM coding WHERE codeID IN (SELECT id FROM tree)),
                    (SELECT count(*) FROM memo WHERE codeID IN (SELECT id FROM tree)
                        OR codingID IN (SELECT id FROM coding WHERE codeID IN (SELECT id FROM tree)))
                """, logger: self.logger
            ).collect().first!
            let (subcodes, codings, memos) = try row.decode((Int, Int, Int).self)
            return CodeDeletionPlan(codeID: codeID, subcodes: subcodes, codings: codings, memos: memos)
        }
    }
}
