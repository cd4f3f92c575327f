import ArgumentParser
import Dispatch
import Foundation
import Store

/// `--store PATH` or `--database ADDRESS`: the store shared with `verbatim serve` (by default the
/// SQLite file `data/verbatim.sqlite`; a PostgreSQL database with `--database postgres://…` or
/// `$VERBATIM_DATABASE`).
struct StoreLocation: ParsableArguments {
    /// `--store`'s default: the SQLite file in the service's default data folder.
    static let defaultStore = "data/verbatim.sqlite"

    @Option(help: "The SQLite store (the service keeps it in data/verbatim.sqlite).")
    var store: String = defaultStore

    @Option(help: "The store as an address: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or sqlite:FILE (else $VERBATIM_DATABASE, else --store).")
    var database: String?

    func validate() throws {
        if database != nil && store != Self.defaultStore {
            throw ValidationError("give the store file (--store FILE) or the database (--database ADDRESS), not both")
        }
    }

    /// `--database`, else an explicit `--store`, else `$VERBATIM_DATABASE`, else the default SQLite file.
    func address() throws -> DatabaseAddress {
        if database == nil && store != Self.defaultStore { return .sqlite(path: store) }
        return try DatabaseAddress.resolve(database, sqliteFallback: store)
    }

    /// Opens the existing store; never creates an empty SQLite file by mistake unless `creating` is set.
    func open(creating: Bool = false) throws -> any Store {
        // A PostgreSQL store's pre-upgrade dump goes where the SQLite file would be (the data folder).
        try address().open(creating: creating, upgradeBackups: URL(fileURLWithPath: store).deletingLastPathComponent())
    }
}

/// `--data DIR` (and `--database ADDRESS`): the data directory `serve`, `worker` and `admin` use
/// (the store is `DIR/verbatim.sqlite` unless `--database` or `$VERBATIM_DATABASE` names another),
/// for the commands that only need the store.
struct DataLocation: ParsableArguments {
    @Option(help: "The data directory (its verbatim.sqlite is the store).")
    var data: String = "data"

    @Option(help: "The store as an address: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or sqlite:FILE (else $VERBATIM_DATABASE, else verbatim.sqlite in --data).")
    var database: String?

    /// Where the store is.
    func address() throws -> DatabaseAddress {
        try DatabaseAddress.resolve(database, sqliteFallback: DatabaseAddress.sqliteFile(inDataFolder: data))
    }

    /// Opens the store; with `creating`, makes the data directory and the SQLite store when missing.
    func open(creating: Bool) throws -> any Store {
        let address = try address()
        if creating, case .sqlite(let path) = address {
            try PrivateFiles.createFolder(URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        return try address.open(creating: creating, upgradeBackups: URL(fileURLWithPath: data))
    }
}

/// A command-line failure that says what went wrong and what to do.
struct CommandLineError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var description: String
    /// Creates an error with its message.
    init(_ message: String) { description = message }
}

extension Store {
    /// The study, or an error that lists the studies there are.
    func requireStudy(_ id: Int64) async throws -> Study {
        if let study = try await study(id: id) { return study }
        let known = try await studies().map { "\($0.id.map(String.init) ?? "?") (\($0.name))" }
        throw CommandLineError(
            "Unknown study \(id). "
                + (known.isEmpty ? "The store holds no study yet; create one first." : "Studies: \(known.joined(separator: ", ")).")
        )
    }

    /// The participant of the study with this pseudonym, or an error that lists the study's pseudonyms.
    func requireParticipant(studyID: Int64, pseudonym: String) async throws -> Participant {
        let participants = try await participants(studyID: studyID)
        if let found = participants.first(where: { $0.pseudonym == pseudonym }) { return found }
        let names = participants.prefix(30).map(\.pseudonym)
        throw CommandLineError(
            "Unknown participant \(pseudonym) in study \(studyID). "
                + (names.isEmpty
                    ? "The study has no participants yet; add one first."
                    : "Its participants: \(names.joined(separator: ", "))\(participants.count > 30 ? "..." : "").")
        )
    }
}

/// Runs async store work from a synchronous command (the root command is synchronous) and returns its result.
func waitForStore<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = StoreOutcome<T>()
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        semaphore.signal()
    }
    semaphore.wait()
    return try box.result!.get()
}

/// The outcome of a ``waitForStore(_:)`` body, handed from the task to the waiting thread.
private final class StoreOutcome<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    func set(_ result: Result<T, any Error>) { lock.withLock { stored = result } }
    var result: Result<T, any Error>? { lock.withLock { stored } }
}
