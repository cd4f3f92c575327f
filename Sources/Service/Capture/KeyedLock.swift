/// Runs work for one key at a time (one capture's chunks, in arrival order), while different keys
/// go on in parallel. For one server process, as the embedded store is.
public actor KeyedLock {
    private var held: Set<Int64> = []
    private var waiting: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    /// Creates a lock with no key held.
    public init() {}

    /// Runs `body` once no other call for `key` is running.
    public nonisolated func run<T: Sendable>(_ key: Int64, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: Int64) async {
        if held.insert(key).inserted { return }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: Int64) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()  // the key stays held, now by the next caller
        } else {
            held.remove(key)
        }
    }
}
