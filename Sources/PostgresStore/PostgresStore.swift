import Foundation
import Logging
import PostgresNIO
import Store

/// The store on PostgreSQL: a pool of connections (postgres-nio's `PostgresClient`) and the
/// schema of ``PostgresMigrations``, applied when the store opens.
///
/// It implements the areas of `Store` one by one; until it covers the whole protocol it is not
/// offered on the command line.
public final class PostgresStore: Sendable {
    /// Where the store lives.
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// Where a `pg_dump` of the store goes before migrations change an existing schema (`nil`: none).
    let upgradeBackups: URL?
    private let running: Task<Void, Never>

    private init(location: PostgresLocation, client: PostgresClient, logger: Logger, upgradeBackups: URL?) {
        self.location = location
        self.client = client
        self.logger = logger
        self.upgradeBackups = upgradeBackups
        self.running = Task { await client.run() }
    }

    /// Connects to `location` and brings its schema up to date.
    ///
    /// With `upgradeBackups`, an existing schema that this version's migrations would change is
    /// first dumped there with `pg_dump` (`verbatim.pgdump.before-upgrade-from-<last migration>`),
    /// as the SQLite store copies itself; a dump that fails stops the upgrade.
    ///
    /// Throws `StoreError` `.database` when the server cannot be reached or a migration fails.
    public static func open(
        _ location: PostgresLocation, logger: Logger = Logger(label: "verbatim.store.postgres"), upgradeBackups: URL? = nil
    ) async throws(StoreError) -> PostgresStore {
        let configuration: PostgresClient.Configuration
        do {
            configuration = try location.clientConfiguration()
        } catch {
            throw StoreError(
                .database, "TLS for \(location.host) could not be set up: \(error).",
                fr: "Le TLS vers \(location.host) n’a pas pu être préparé : \(error).")
        }
        let store = PostgresStore(
            location: location, client: PostgresClient(configuration: configuration, backgroundLogger: logger),
            logger: logger, upgradeBackups: upgradeBackups)
        do {
            try await PostgresMigrations.migrate(store)
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Closes the connections; the store is unusable afterwards.
    public func close() {
        running.cancel()
    }

    deinit {
        running.cancel()
    }

    /// Runs `body` in one transaction on one leased connection: committed when `body` returns,
    /// rolled back when it throws. Errors from the server become `StoreError`.
    func withTransaction<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws(StoreError) -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError as? StoreError { throw cause }
            throw Self.storeError(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` on one leased connection, outside any transaction.
    func withConnection<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws(StoreError) -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error)
        }
    }

    /// A server error as a `StoreError`, with the kinds SQLiteStore gives: a unique key taken is a
    /// `.conflict`; a missing referenced object, a value out of range or missing is `.invalidInput`;
    /// anything else `.database`.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else {
            return StoreError(
                .database, "The PostgreSQL store failed: \(error).", fr: "La base PostgreSQL a échoué : \(error).")
        }
        let code = error.serverInfo?[.sqlState] ?? ""
        let detail = error.serverInfo?[.message] ?? "\(error.code)"
        switch code {
        case "23505":  // unique_violation
            return StoreError(
                .conflict, "An object with the same unique name exists already (\(detail)).",
                fr: "Un objet du même nom existe déjà (\(detail)).")
        case "23503":  // foreign_key_violation
            return StoreError(
                .invalidInput, "A referenced object does not exist, or other objects still refer to this one.",
                fr: "Un objet désigné n’existe pas, ou d’autres objets dépendent encore de celui-ci.")
        case "23514", "23502":  // check_violation, not_null_violation
            return StoreError(
                .invalidInput, "A value is out of range: \(detail).", fr: "Une valeur est hors limites : \(detail).")
        default:
            break
        }
        return StoreError(
            .database, "The PostgreSQL server refused the request (\(code): \(detail)); check that it runs and the URL.",
            fr: "Le serveur PostgreSQL a refusé la requête (\(code) : \(detail)) ; vérifiez qu’il tourne et l’URL.")
    }
}
