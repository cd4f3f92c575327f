import Crypto
import Foundation
import Store

/// Signs and checks short-lived, recording-scoped media tokens.
///
/// A browser's `<audio>` and `<video>` elements cannot send an `Authorization` header, so the web
/// pages ask `POST /recordings/{id}/media-token` (with their bearer token) for a token that opens
/// only that recording's media, only for that user, for a few minutes, and put it in the media
/// URL's `access` query parameter. The token is `recording.user.admin.apiToken.session.expiry.hmac`:
/// an HMAC-SHA256 under a random key that lives only in the server's memory, so a restart voids
/// every token. It names the API token or password session it was issued under, so revoking that
/// token or ending that session voids the link too.
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
        /// The API token the link was issued under (0 when none): the link works only while it does.
        public var apiTokenID: Int64
        /// The password session the link was issued under (0 when none): the link works only while it does.
        public var sessionID: Int64
        /// When the token stops working.
        public var expiresAt: Date
    }

    private let key: SymmetricKey
    /// How long a token works, in seconds.
    public let lifetime: TimeInterval

    /// Creates a signer with a fresh random key; tokens live `lifetime` seconds (15 minutes by default).
    public init(lifetime: TimeInterval = 900) {
        self.key = SymmetricKey(size: .bits256)
        self.lifetime = lifetime
    }

    /// Creates a signer with a given key (tests).
    init(key: [UInt8], lifetime: TimeInterval) {
        self.key = SymmetricKey(data: key)
        self.lifetime = lifetime
    }

    /// A token for `user` to play `recordingID` until `now + lifetime`.
    public func issue(recordingID: Int64, user: AuthenticatedUser, now: Date = Date()) -> (token: String, expiresAt: Date) {
        let expiry = Int64((now.timeIntervalSince1970 + lifetime).rounded(.up))
        let payload = "\(recordingID).\(user.userID).\(user.isAdmin ? 1 : 0).\(user.tokenID ?? 0).\(user.sessionID ?? 0).\(expiry)"
        let code = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key)
        return (payload + "." + Hex.encode(code), Date(timeIntervalSince1970: Double(expiry)))
    }

    /// The grant of `token` if it is well formed, signed by this server, unexpired and for `recordingID`; else `nil`.
    public func verify(_ token: String, recordingID: Int64, now: Date = Date()) -> Grant? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 7, let recording = Int64(parts[0]), let user = Int64(parts[1]), let admin = Int(parts[2]),
            admin == 0 || admin == 1, let apiToken = Int64(parts[3]), let session = Int64(parts[4]), let expiry = Int64(parts[5]),
            let signature = Hex.decode(parts[6]), signature.count == SHA256.byteCount
        else { return nil }
        let payload = parts[0..<6].joined(separator: ".")
        // Compared in constant time by swift-crypto.
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Array(payload.utf8), using: key) else { return nil }
        guard recording == recordingID, Double(expiry) > now.timeIntervalSince1970 else { return nil }
        return Grant(
            recordingID: recording, userID: user, isAdmin: admin == 1, apiTokenID: apiToken, sessionID: session,
            expiresAt: Date(timeIntervalSince1970: Double(expiry)))
    }
}
