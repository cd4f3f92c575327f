import Foundation

/// Signs and checks short-lived, recording-scoped media tokens.
///
/// A browser's `<audio>` and `<video>` elements cannot send an `Authorization` header, so the web
/// pages ask `POST /recordings/{id}/media-token` (with their bearer token) for a token that opens
/// only that recording's media, only for that user, for a few minutes, and put it in the media
/// URL's `access` query parameter. The token is `recording.user.admin.expiry.hmac`: an HMAC-SHA256
/// under a random key that lives only in the server's memory, so a restart voids every token.
/// The long-lived API token never appears in a URL.
public struct MediaAccessSigner: Sendable {
    /// What a valid token grants.
    public struct Grant: Sendable, Hashable {
        /// The only recording the token opens.
        public var recordingID: Int64
        /// The user the token acts for.
        public var userID: Int64
        /// Whether that user administered the installation when the token was issued.
        public var isAdmin: Bool
        /// When the token stops working.
        public var expiresAt: Date
    }

    private let key: [UInt8]
    /// How long a token works, in seconds.
    public let lifetime: TimeInterval

    /// Creates a signer with a fresh random key; tokens live `lifetime` seconds (15 minutes by default).
    public init(lifetime: TimeInterval = 900) {
        var generator = SystemRandomNumberGenerator()
        self.init(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }, lifetime: lifetime)
    }

    /// Creates a signer with a given key (tests).
    init(key: [UInt8], lifetime: TimeInterval) {
        self.key = key
        self.lifetime = lifetime
    }

    /// A token for `user` to play `recordingID` until `now + lifetime`.
    public func issue(recordingID: Int64, user: AuthenticatedUser, now: Date = Date()) -> (token: String, expiresAt: Date) {
        let expiry = Int64((now.timeIntervalSince1970 + lifetime).rounded(.up))
        let payload = "\(recordingID).\(user.userID).\(user.isAdmin ? 1 : 0).\(expiry)"
        return (payload + "." + Self.hex(HMACSHA256.code(Array(payload.utf8), key: key)), Date(timeIntervalSince1970: Double(expiry)))
    }

    /// The grant of `token` if it is well formed, signed by this server, unexpired and for `recordingID`; else `nil`.
    public func verify(_ token: String, recordingID: Int64, now: Date = Date()) -> Grant? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, let recording = Int64(parts[0]), let user = Int64(parts[1]), let admin = Int(parts[2]),
            admin == 0 || admin == 1, let expiry = Int64(parts[3]), let signature = Self.bytes(hex: parts[4])
        else { return nil }
        let payload = parts[0..<4].joined(separator: ".")
        guard HMACSHA256.equal(HMACSHA256.code(Array(payload.utf8), key: key), signature) else { return nil }
        guard recording == recordingID, Double(expiry) > now.timeIntervalSince1970 else { return nil }
        return Grant(recordingID: recording, userID: user, isAdmin: admin == 1, expiresAt: Date(timeIntervalSince1970: Double(expiry)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
