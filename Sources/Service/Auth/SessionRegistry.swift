import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// Password sign-in and the browser sessions it opens.
///
/// A session is a random 256-bit secret in an HttpOnly cookie; the store keeps only its SHA-256,
/// with the user, the times and the session's CSRF token. A session ends after
/// ``idleLifetime`` without a request, ``absoluteLifetime`` after sign-in, at sign-out, when the
/// password is reset, or when the user is deactivated; the check runs against the store on every
/// request, so any of these refuses the very next one.
///
/// After ``failureLimit`` wrong passwords within ``failureWindow`` an account is locked for
/// ``lockDuration``. A refusal never tells why: an unknown e-mail, a wrong password, a locked or
/// deactivated account get the same answer after the same bcrypt work.
public struct SessionRegistry: Sendable {
    /// The session cookie's name.
    public static let cookieName = "verbatim_session"
    /// The header that carries the CSRF token of a cookie-authenticated unsafe request.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// A session ends after this many seconds without a request (8 hours).
    public static let idleLifetime: TimeInterval = 8 * 3600
    /// A session ends this many seconds after sign-in, however used (7 days).
    public static let absoluteLifetime: TimeInterval = 7 * 86_400
    /// Failed passwords that lock an account...
    public static let failureLimit = 5
    /// ...when they fall within this many seconds (15 minutes)...
    public static let failureWindow: TimeInterval = 15 * 60
    /// ...for this many seconds (15 minutes).
    public static let lockDuration: TimeInterval = 15 * 60
    /// How stale ``UserSession/lastSeenAt`` may get before a request writes it again.
    static let lastSeenResolution: TimeInterval = 60

    /// A session just opened: the cookie's secret (never stored) and the stored session.
    public struct SignedIn: Sendable {
        /// The cookie's value.
        public var secret: String
        /// The stored session (its CSRF token included).
        public var session: UserSession
        /// The user.
        public var user: User
        /// The user's account.
        public var account: UserAccount
    }

    let store: any Store
    /// Hashes and verifies passwords.
    public let passwords: PasswordHasher
    /// The time sessions and lock-outs read.
    public let clock: ServiceClock

    /// Creates the registry.
    public init(store: any Store, passwords: PasswordHasher, clock: ServiceClock) {
        self.store = store
        self.passwords = passwords
        self.clock = clock
    }

    /// The answer to every refused sign-in, whatever the reason.
    static let refused = APIError(
        .unauthorized, code: "sign_in_failed",
        "The e-mail address or the password is wrong. After \(failureLimit) failures an account is locked for 15 minutes; ask an administrator to reset your password if needed.",
        fr: "L’adresse électronique ou le mot de passe est erroné. Après \(failureLimit) échecs, un compte est bloqué 15 minutes ; demandez à un administrateur de réinitialiser votre mot de passe si besoin."
    )

    /// Checks `email` and `password` and opens a session; audits `session.sign_in`, or
    /// `session.sign_in_failed` and `user.lock` (never the password), each with the `client`
    /// address when it is known (``ClientOrigin``).
    public func signIn(email: String, password: String, client: String? = nil) async throws -> SignedIn {
        let now = clock.now()
        /// The event's details with the client's address.
        func details(_ fields: [String: AuditDetails.Value] = [:]) -> AuditDetails {
            var fields = fields
            if let client { fields["client"] = .string(client) }
            return AuditDetails(fields)
        }
        let user = try await store.user(email: email.trimmingCharacters(in: .whitespaces))
        var account: UserAccount? = nil
        if let id = user?.id { account = try await store.account(userID: id) }
        let reason: String? =
            if user == nil { "unknown_user" }
            else if account?.isActive == false { "deactivated" }
            else if account?.isLocked(at: now) == true { "locked" }
            else if account?.passwordHash == nil { "no_password" }
            else { nil }
        // One bcrypt verification whatever the case: the account's hash, or a dummy of the same cost.
        let matches = try await passwords.verify(password, against: reason == nil ? account?.passwordHash : nil)
        guard let user, let userID = user.id, let account, reason == nil, matches else {
            let why = reason ?? "wrong_password"
            if why == "wrong_password", let userID = user?.id,
                let until = try await store.recordSignInFailure(
                    userID: userID, at: now, window: Self.failureWindow, limit: Self.failureLimit, lockFor: Self.lockDuration)
            {
                _ = try await store.appendAudit(
                    actorID: nil, action: "user.lock", studyID: nil, targetKind: "user", targetID: userID,
                    details: details(["until": .int(Int64(until.timeIntervalSince1970))]))
            }
            _ = try await store.appendAudit(
                actorID: nil, action: "session.sign_in_failed", studyID: nil, targetKind: "user", targetID: user?.id,
                details: details(["reason": .string(why)]))
            throw Self.refused
        }
        try await store.clearSignInFailures(userID: userID)
        let secret = Self.randomHex()
        let session = try await store.addSession(
            UserSession(
                secretHash: TokenRegistry.hash(secret), userID: userID, csrfToken: Self.randomHex(), createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(Self.absoluteLifetime)))
        _ = try await store.appendAudit(
            actorID: userID, action: "session.sign_in", studyID: nil, targetKind: "session", targetID: session.id, details: details())
        return SignedIn(secret: secret, session: session, user: user, account: account)
    }

    /// The session of the cookie value `secret` with its user, if it is known, unexpired and its
    /// user active; else a 401 saying so. Writes the session's last use now and then.
    public func authenticate(_ secret: some StringProtocol, logger: Logger) async throws -> SessionHolder {
        let now = clock.now()
        guard let holder = try await store.sessionHolder(hash: TokenRegistry.hash(secret)), let id = holder.session.id else {
            throw APIError.sessionEnded
        }
        let session = holder.session
        guard holder.account.isActive, Self.isCurrent(session, at: now) else {
            try await store.deleteSession(id: id)
            throw APIError.sessionEnded
        }
        if now.timeIntervalSince(session.lastSeenAt) >= Self.lastSeenResolution {
            do {
                try await store.touchSession(id: id, at: now)
            } catch {
                // Only bookkeeping: a busy store must not refuse a valid session.
                logger.warning("could not record the session's last use", metadata: ["error": "\(error)"])
            }
        }
        return holder
    }

    /// Whether session `sessionID` of `userID` is still open (not signed out, not expired).
    public func isOpen(sessionID: Int64, userID: Int64) async throws -> Bool {
        guard let session = try await store.session(id: sessionID), session.userID == userID else { return false }
        return Self.isCurrent(session, at: clock.now())
    }

    /// Whether `session` is within its idle and absolute lifetimes at `date`.
    static func isCurrent(_ session: UserSession, at date: Date) -> Bool {
        date < session.expiresAt && date < session.lastSeenAt.addingTimeInterval(idleLifetime)
    }

    /// Ends the session `sessionID` of `userID` and audits `session.sign_out`.
    public func signOut(sessionID: Int64, userID: Int64) async throws {
        try await store.deleteSession(id: sessionID)
        _ = try await store.appendAudit(
            actorID: userID, action: "session.sign_out", studyID: nil, targetKind: "session", targetID: sessionID, details: .none)
    }

    /// The cookie that carries `secret`: HttpOnly, SameSite=Strict, Path=/, Secure when `secure`;
    /// no Max-Age, so the browser forgets it when it closes (the server ends it after 8 idle hours
    /// or 7 days anyway). An empty `secret` with `expired` clears the cookie.
    public static func cookie(_ secret: String, secure: Bool, expired: Bool = false) -> Cookie {
        Cookie(
            name: cookieName, value: secret, maxAge: expired ? 0 : nil, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 256 random bits from swift-crypto, as lower-case hex.
    static func randomHex() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }
    }
}

extension APIError {
    /// The session cookie names no current session (signed out, expired, or the user was deactivated).
    static let sessionEnded = APIError(
        .unauthorized, code: "session_ended", "Your session has ended; sign in again.",
        fr: "Votre session a pris fin ; reconnectez-vous.")
}
