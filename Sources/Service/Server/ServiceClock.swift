import Foundation
import Synchronization

/// The time the service reads for sessions and lock-outs: the system's clock, or one that tests
/// move forward (``advance(by:)``) instead of sleeping for hours.
public struct ServiceClock: Sendable, Hashable {
    private final class Offset: Sendable {
        let seconds = Mutex<TimeInterval>(0)
    }

    private let offset: Offset?

    private init(offset: Offset?) {
        self.offset = offset
    }

    /// The system's clock.
    public static let system = ServiceClock(offset: nil)

    /// A clock that starts at the system's time and moves on with it, plus whatever ``advance(by:)`` adds.
    public static func adjustable() -> ServiceClock {
        ServiceClock(offset: Offset())
    }

    /// The current time.
    public func now() -> Date {
        Date().addingTimeInterval(offset?.seconds.withLock { $0 } ?? 0)
    }

    /// Moves an adjustable clock forward by `seconds` (the system clock does not move).
    public func advance(by seconds: TimeInterval) {
        offset?.seconds.withLock { $0 += seconds }
    }

    /// Clocks are equal when they are the same clock.
    public static func == (lhs: ServiceClock, rhs: ServiceClock) -> Bool {
        lhs.offset === rhs.offset
    }

    /// Hashes the clock's identity.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(offset.map(ObjectIdentifier.init))
    }
}
