import Dispatch
import Foundation

/// Runs blocking work (FFmpeg probing, file hashing) on a dedicated dispatch queue, never on the
/// HTTP server's event loops or the cooperative thread pool.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "verbatim.blocking", qos: .utility, attributes: .concurrent)

    /// Runs `body` on the blocking queue and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
