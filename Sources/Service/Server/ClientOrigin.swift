/// Where a request comes from: the client's address and whether it reached us over HTTPS, as
/// ``TrustedProxies/resolve(peer:forwardedFor:forwardedProto:)`` works them out.
public struct ClientOrigin: Sendable, Hashable {
    /// The client's IP address (the connection's peer, or the one a trusted proxy forwarded); `nil`
    /// when the connection has none (a Unix socket).
    public var address: String?
    /// Whether the client's request arrived over TLS (at a trusted proxy, or here).
    public var isHTTPS: Bool

    /// Creates an origin.
    public init(address: String?, isHTTPS: Bool = false) {
        self.address = address
        self.isHTTPS = isHTTPS
    }
}
