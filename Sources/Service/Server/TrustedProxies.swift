import Foundation
import NIOCore

/// The reverse proxies (`verbatim serve --trusted-proxy ADDR`) whose `X-Forwarded-For` and
/// `X-Forwarded-Proto` headers are believed. From any other peer these headers are ignored: a
/// client cannot choose the address written in the audit log, nor earn a `Secure` cookie over
/// plain HTTP.
///
/// The client is the right-most address of `X-Forwarded-For` that is not a trusted proxy (each
/// proxy appends the address it saw, so what lies left of it was written by the client and proves
/// nothing). Two `X-Forwarded-For` fields, or an entry that is not an IP address where the walk
/// reaches it, make the whole header untrustworthy: the peer's address is kept.
///
/// ```swift
/// let proxies = try TrustedProxies(["127.0.0.1"])
/// proxies.resolve(peer: "127.0.0.1", forwardedFor: ["203.0.113.9, 198.51.100.7"], forwardedProto: ["https"])
/// // ClientOrigin(address: "198.51.100.7", isHTTPS: true)
/// ```
public struct TrustedProxies: Sendable, Hashable {
    /// The proxies' addresses in canonical form.
    public let addresses: Set<String>

    /// No trusted proxy: forwarded headers are never believed.
    public static let none = TrustedProxies(canonical: [])

    /// Trusts these IP addresses (IPv4 or IPv6, no port, no host names); throws
    /// ``TrustedProxyError`` naming the first one that is not an IP address.
    public init(_ addresses: [String]) throws {
        var canonical: Set<String> = []
        for address in addresses {
            guard let parsed = Self.canonical(address) else { throw TrustedProxyError(value: address) }
            canonical.insert(parsed)
        }
        self.addresses = canonical
    }

    private init(canonical: Set<String>) { self.addresses = canonical }

    /// Whether `address` (any spelling) is one of the trusted proxies.
    public func contains(_ address: String) -> Bool {
        Self.canonical(address).map(addresses.contains) ?? false
    }

    /// The origin of a request whose connection comes from `peer`, given the values of its
    /// `X-Forwarded-For` and `X-Forwarded-Proto` fields (one entry per field received).
    public func resolve(peer: String?, forwardedFor: [String], forwardedProto: [String]) -> ClientOrigin {
        let peerAddress = peer.map { Self.canonical($0) ?? $0 }
        guard let peerAddress, addresses.contains(peerAddress) else { return ClientOrigin(address: peerAddress) }
        var origin = ClientOrigin(address: peerAddress)
        if forwardedProto.count == 1 {
            origin.isHTTPS = forwardedProto[0].trimmingCharacters(in: .whitespaces).lowercased() == "https"
        }
        if forwardedFor.count == 1, let client = clientAddress(in: forwardedFor[0]) {
            origin.address = client
        }
        return origin
    }

    /// The right-most entry of an `X-Forwarded-For` value that is not a trusted proxy; `nil` if an
    /// entry reached on the way is not an IP address.
    private func clientAddress(in header: String) -> String? {
        let entries = header.split(separator: ",", omittingEmptySubsequences: false)
        guard !entries.isEmpty, entries.count <= 32 else { return nil }
        var last: String? = nil
        for entry in entries.reversed() {
            guard let address = Self.canonical(entry.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !addresses.contains(address) { return address }
            last = address
        }
        // Every hop is a trusted proxy: the left-most is where the request entered.
        return last
    }

    /// The canonical text of an IP address (an IPv4-mapped IPv6 address as IPv4), `nil` if `text`
    /// is not one (host names, ports, scoped addresses are refused).
    static func canonical(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 45, !text.contains("%"),
            let address = try? SocketAddress(ipAddress: text, port: 0), let canonical = address.ipAddress
        else { return nil }
        if canonical.hasPrefix("::ffff:"), canonical.contains(".") { return String(canonical.dropFirst(7)) }
        return canonical
    }
}

/// A `--trusted-proxy` value that is not an IP address.
public struct TrustedProxyError: Error, Sendable, CustomStringConvertible {
    /// The value given.
    public var value: String
    /// English, then French.
    public var description: String {
        """
        --trusted-proxy \(value) is not an IP address: give the address the proxy connects from (such as 127.0.0.1), not a host name or a port.
        --trusted-proxy \(value) n’est pas une adresse IP : donnez l’adresse depuis laquelle le mandataire se connecte (par exemple 127.0.0.1), pas un nom d’hôte ni un port.
        """
    }
}
