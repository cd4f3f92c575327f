import Foundation

/// One entry of the append-only, hash-chained audit log.
///
/// `hash` is the SHA-256 of ``AuditEvent/canonicalBytes`` (which include `previousHash`), so
/// editing or deleting any event breaks the chain from that point on.
public struct AuditEvent: Codable, Sendable, Hashable {
    /// Sequence number, 1 for the first event, without gaps.
    public var id: Int64
    /// When the event happened (UTC, millisecond precision).
    public var at: Date
    /// The acting user, `nil` for the system.
    public var actorID: Int64?
    /// What happened (`participant.erase`, `transcript.read`, `job.enqueue`...).
    public var action: String
    /// The study concerned, if any.
    public var studyID: Int64?
    /// Kind of the object acted on (`participant`, `recording`...).
    public var targetKind: String
    /// Identifier of the object acted on, if any.
    public var targetID: Int64?
    /// Further details, JSON or text; never names or other direct identifiers.
    public var details: String
    /// The IP address of the client whose HTTP request wrote the event, as the trusted-proxy rules
    /// resolved it (``AuditOrigin``); `nil` outside a request and for events written before
    /// Verbatim recorded it.
    public var clientAddress: String?
    /// Hex hash of the previous event (64 zeros for the first).
    public var previousHash: String
    /// Hex SHA-256 of this event's canonical bytes.
    public var hash: String

    /// Creates an event value (hashes are filled in by ``sealed(after:)``).
    public init(
        id: Int64, at: Date, actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?,
        details: String, clientAddress: String? = nil, previousHash: String = "", hash: String = ""
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.action = action
        self.studyID = studyID
        self.targetKind = targetKind
        self.targetID = targetID
        self.details = details
        self.clientAddress = clientAddress
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash that precedes the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Milliseconds since 1970, the precision at which `at` is hashed and stored.
    public var atMilliseconds: Int64 { Int64((at.timeIntervalSince1970 * 1000).rounded()) }

    /// The bytes that are hashed: every field but `hash`, one per line, with lengths so no field can spill into another.
    ///
    /// An event with a ``clientAddress`` is hashed as `verbatim-audit-v2`, the address last; one
    /// without is hashed as before (`verbatim-audit-v1`), so events written before the address
    /// was recorded still verify, and removing or adding an address breaks the hash.
    public var canonicalBytes: [UInt8] {
        var fields: [String] = [
            String(id), String(atMilliseconds), actorID.map { String($0) } ?? "-", action,
            studyID.map { String($0) } ?? "-", targetKind, targetID.map { String($0) } ?? "-", details, previousHash,
        ]
        if let clientAddress { fields.append(clientAddress) }
        var text = clientAddress == nil ? "verbatim-audit-v1\n" : "verbatim-audit-v2\n"
        for field in fields {
            text += "\(field.utf8.count):\(field)\n"
        }
        return Array(text.utf8)
    }

    /// This event with `previousHash` set and `hash` computed.
    public func sealed(after previousHash: String) -> AuditEvent {
        var event = self
        event.at = Date(timeIntervalSince1970: Double(atMilliseconds) / 1000)
        event.previousHash = previousHash
        event.hash = Hashing.sha256Hex(event.canonicalBytes)
        return event
    }
}
