import Foundation
import GRDB

extension SQLiteStore {
    /// Merges code `sourceID` into `targetID` in one transaction: the source's codings move to the
    /// target (a coding of the same span by the same coder that the target has already is dropped,
    /// its memos moving to the kept one), its memos follow, its sub-codes move under the target
    /// (one named like a sub-code of the target is merged into it the same way), and the source is
    /// deleted. Leaves an audit event `code.merge` with counts only.
    public func mergeCode(_ sourceID: Int64, into targetID: Int64, actorID: Int64?) async throws -> CodeMerge {
        let client = AuditOrigin.clientAddress
        return try await write { db in
            guard let source = try Code.fetchOne(db, key: sourceID) else { throw StoreError.notFound("code", sourceID) }
            guard let target = try Code.fetchOne(db, key: targetID) else { throw StoreError.notFound("code", targetID) }
            guard source.studyID == target.studyID else { throw StoreInputChecks.mergeAcrossStudies(sourceID, into: targetID) }
            var ancestor: Int64? = targetID
            while let current = ancestor {
                guard current != sourceID else { throw StoreInputChecks.mergeIntoItself(sourceID, into: targetID) }
                ancestor = try Int64.fetchOne(db, sql: "SELECT parentID FROM code WHERE id = ?", arguments: [current])
            }
            var merge = CodeMerge(
                sourceID: sourceID, targetID: targetID, movedCodings: 0, collapsedCodings: 0, movedSubcodes: 0,
                mergedSubcodes: 0, auditEventID: 0)
            try Self.merge(db, sourceID, into: targetID, counting: &merge)
            merge.auditEventID = try Self.appendAudit(
                db, actorID: actorID, action: "code.merge", studyID: source.studyID, targetKind: "code", targetID: targetID,
                details: [
                    "source": .int(sourceID), "movedCodings": .int(Int64(merge.movedCodings)),
                    "collapsedCodings": .int(Int64(merge.collapsedCodings)), "movedSubcodes": .int(Int64(merge.movedSubcodes)),
                    "mergedSubcodes": .int(Int64(merge.mergedSubcodes)),
                ], clientAddress: client
            ).id
            return merge
        }
    }

    /// Moves everything of `sourceID` onto `targetID` and deletes the source, inside the caller's transaction.
    private static func merge(_ db: Database, _ sourceID: Int64, into targetID: Int64, counting merge: inout CodeMerge) throws {
        for child in try Code.filter(Column("parentID") == sourceID).fetchAll(db) {
            if let twin = try Code.filter(Column("parentID") == targetID && Column("name") == child.name).fetchOne(db) {
                try Self.merge(db, child.id!, into: twin.id!, counting: &merge)
                merge.mergedSubcodes += 1
            } else {
                try db.execute(sql: "UPDATE code SET parentID = ? WHERE id = ?", arguments: [targetID, child.id])
                merge.movedSubcodes += 1
            }
        }
        for coding in try Coding.filter(Column("codeID") == sourceID).fetchAll(db) {
            let twin = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM coding WHERE codeID = ? AND transcriptID = ? AND coderID = ? AND charStart = ? AND charEnd = ?
                    """, arguments: [targetID, coding.transcriptID, coding.coderID, coding.charStart, coding.charEnd])
            if let twin {
                try db.execute(sql: "UPDATE memo SET codingID = ? WHERE codingID = ?", arguments: [twin, coding.id])
                try db.execute(sql: "DELETE FROM coding WHERE id = ?", arguments: [coding.id])
                merge.collapsedCodings += 1
            } else {
                try db.execute(sql: "UPDATE coding SET codeID = ? WHERE id = ?", arguments: [targetID, coding.id])
                merge.movedCodings += 1
            }
        }
        try db.execute(sql: "UPDATE memo SET codeID = ? WHERE codeID = ?", arguments: [targetID, sourceID])
        try db.execute(sql: "DELETE FROM code WHERE id = ?", arguments: [sourceID])
    }

    /// What deleting a code would take with it; nothing is changed.
    public func codeDeletionPlan(codeID: Int64) async throws -> CodeDeletionPlan {
        try await read { db in
            guard try Code.exists(db, key: codeID) else { throw StoreError.notFound("code", codeID) }
            let tree = """
                WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT code.id FROM code JOIN tree ON code.parentID = tree.id)
                """
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: "\(tree) \(sql)", arguments: [codeID]) ?? 0 }
            return CodeDeletionPlan(
                codeID: codeID, subcodes: try count("SELECT COUNT(*) - 1 FROM tree"),
                codings: try count("SELECT COUNT(*) FROM coding WHERE codeID IN (SELECT id FROM tree)"),
                memos: try count(
                    """
                    SELECT COUNT(*) FROM memo WHERE codeID IN (SELECT id FROM tree)
                        OR codingID IN (SELECT id FROM coding WHERE codeID IN (SELECT id FROM tree))
                    """))
        }
    }
}
