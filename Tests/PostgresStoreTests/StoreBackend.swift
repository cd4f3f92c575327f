import Foundation
import GRDB
import PostgresNIO
@testable import Store

@testable import PostgresStore

/// The two implementations of the store, for contract tests that run the same body on each: a
/// real SQLite file in a temporary folder, and a real PostgreSQL database in a fresh schema.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The areas PostgreSQL implements so far, as one type.
    typealias Areas = StudyStore & TokenStore & PeopleStore & JobQueueStore & AuditStore & ParticipantStore & RecordingStore
        & TranscriptStore & SearchStore & CodingStore & BiometricStore & CaptureStore & LiveTranscriptStore & ErasureStore
        & RetrievalStore & ExportStore & RedactionStore & RetentionStore & StudyKeyStorage & IdentityVaultStore

    /// A new empty store and what closes it, or `nil` when PostgreSQL is not configured outside CI
    /// (``PostgresTestDatabase/freshLocation(function:)`` says why).
    func open(function: String = #function) async throws -> OpenedStore? {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("store.sqlite").path
            let store = try SQLiteStore(path: path)
            return OpenedStore(
                store: store, close: { try? FileManager.default.removeItem(at: folder) },
                another: { (try SQLiteStore(path: path), {}) },
                execute: { sql, bypassingAppendOnly in
                    try await store.pool.write { db in
                        if bypassingAppendOnly {
                            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_event_no_update; DROP TRIGGER IF EXISTS audit_event_no_delete")
                        }
                        try db.execute(sql: sql)
                    }
                },
                addRecording: { studyID, hash in
                    try await store.addRecording(
                        Recording(studyID: studyID, title: "Entretien", mediaPath: "media/\(hash).wav", fileHash: hash, container: "wav")
                    ).id!
                })
        case .postgres:
            guard let location = try PostgresTestDatabase.freshLocation(function: function) else { return nil }
            let store = try await PostgresStore.open(location)
            return OpenedStore(
                store: store, close: { store.close() },
                another: {
                    let other = try await PostgresStore.open(location)
                    return (other, { other.close() })
                },
                execute: { sql, bypassingAppendOnly in
                    // The test's user is the cluster's superuser, who alone may disable the triggers.
                    try await store.withTransaction { connection in
                        if bypassingAppendOnly {
                            try await connection.query("ALTER TABLE audit_event DISABLE TRIGGER USER", logger: store.logger)
                        }
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: store.logger)
                        if bypassingAppendOnly {
                            try await connection.query("ALTER TABLE audit_event ENABLE TRIGGER USER", logger: store.logger)
                        }
                    }
                },
                addRecording: { studyID, hash in
                    // The recordings area is not on PostgreSQL yet: the row as addRecording writes it on SQLite.
                    try await store.withTransaction { connection in
                        try await connection.query(
                            """
                            INSERT INTO recording (studyID, title, mediaPath, fileHash, container, hasVideo, createdAt)
                            VALUES (\(studyID), 'Entretien', \("media/\(hash).wav"), \(hash), 'wav', false, now())
                            RETURNING id
                            """, logger: store.logger
                        ).collect().first!.decode(Int64.self)
                    }
                })
        }
    }
}

/// A store opened for one test, and what the test needs around it.
struct OpenedStore: Sendable {
    /// The store.
    let store: any StoreBackend.Areas
    /// Closes it (removes its folder, closes its connections).
    let close: @Sendable () -> Void
    /// Opens the same database again, as another process would (its own connections), and what closes that.
    let another: @Sendable () async throws -> (any StoreBackend.Areas, @Sendable () -> Void)
    /// Runs SQL behind the store's back; with `true`, past the audit log's append-only triggers.
    let execute: @Sendable (String, Bool) async throws -> Void
    /// Adds a recording of the file with this hash to the study; returns its id.
    let addRecording: @Sendable (Int64, String) async throws -> Int64
}
