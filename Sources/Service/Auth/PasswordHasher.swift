import Foundation
import HummingbirdBcrypt
import Synchronization

/// Hashes and verifies passwords with bcrypt (hummingbird-auth's `Bcrypt`), on the blocking
/// queue (``BlockingWork``), never on the cooperative pool: one hash at cost 12 takes about a
/// quarter of a second of CPU.
///
/// Checking a sign-in for an unknown e-mail verifies against a dummy hash of the same cost, so
/// that an unknown address takes as long as a wrong password.
public struct PasswordHasher: Sendable {
    /// The default work factor (2^12 rounds).
    public static let defaultCost: UInt8 = 12
    /// The smallest cost bcrypt accepts (tests use it).
    public static let minimumCost: UInt8 = 4

    /// The work factor of new hashes.
    public let cost: UInt8
    private let dummy = Dummy()

    private final class Dummy: Sendable {
        let hash = Mutex<String?>(nil)
    }

    /// Creates a hasher with `cost` (clamped to bcrypt's 4...31).
    public init(cost: UInt8 = PasswordHasher.defaultCost) {
        self.cost = min(max(cost, Self.minimumCost), 31)
    }

    /// The bcrypt hash (`$2b$…`) of `password`, with a fresh salt.
    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await BlockingWork.run { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash, verifies against the dummy hash (same
    /// time) and answers `false`.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target: String
        if let hash {
            target = hash
        } else if let known = dummy.hash.withLock({ $0 }) {
            target = known
        } else {
            let made = try await self.hash("verbatim-dummy-password")
            dummy.hash.withLock { $0 = made }
            target = made
        }
        let matches = try await BlockingWork.run { Bcrypt.verify(password, hash: target) }
        return hash != nil && matches
    }
}
