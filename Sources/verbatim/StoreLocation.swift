import ArgumentParser
import Dispatch
import Foundation
import Store

/// `--store PATH`: the SQLite file shared with `verbatim serve` (its default data directory is
/// `data`, and the database inside it `verbatim.sqlite`).
struct StoreLocation: ParsableArguments {
    @Option(help: "The SQLite store (the service keeps it in data/verbatim.sqlite).")
    var store: String = "data/verbatim.sqlite"

    /// Opens the existing store; never creates an empty one by mistake unless `creating` is set.
    func open(creating: Bool = false) throws -> SQLiteStore {
        guard creating || FileManager.default.fileExists(atPath: store) else {
            throw CommandLineError(
                "There is no store at \(store). Run `verbatim serve` once to create it (or `verbatim admin`), "
                    + "or give the right file with --store PATH.")
        }
        return try SQLiteStore(path: store)
    }
}

/// `--data DIR`: the data directory `serve`, `worker` and `admin` use (the store is
/// `DIR/verbatim.sqlite`), for the commands that only need the store.
struct DataLocation: ParsableArguments {
    @Option(help: "The data directory (its verbatim.sqlite is the store).")
    var data: String = "data"

    /// Opens the store; with `creating`, makes the data directory and the store when missing.
    func open(creating: Bool) throws -> SQLiteStore {
        let folder = URL(fileURLWithPath: data)
        if creating { try PrivateFiles.createFolder(folder) }
        var location = StoreLocation()
        location.store = folder.appendingPathComponent("verbatim.sqlite").path
        return try location.open(creating: creating)
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
