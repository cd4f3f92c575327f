/// Verbatim speaks plain HTTP: on anything but loopback, passwords and health data would cross
/// the network in clear. ``check(host:allowPlainHTTP:)`` refuses such an address unless the
/// deployment says it is behind a TLS proxy on another host (`--allow-plain-http`).
public enum PlainHTTPPolicy {
    /// Whether `host` is a loopback name or address (`localhost`, `127.0.0.0/8`, `::1`).
    public static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if trimmed.lowercased() == "localhost" { return true }
        guard let address = TrustedProxies.canonical(trimmed) else { return false }
        return address == "::1" || (address.hasPrefix("127.") && !address.contains(":"))
    }

    /// Throws ``PlainHTTPRefused`` for a non-loopback `host` unless `allowPlainHTTP`.
    public static func check(host: String, allowPlainHTTP: Bool) throws {
        guard allowPlainHTTP || isLoopback(host) else { throw PlainHTTPRefused(host: host) }
    }
}

/// `verbatim serve --host` names an address other machines reach, without `--allow-plain-http`.
public struct PlainHTTPRefused: Error, Sendable, CustomStringConvertible {
    /// The address asked for.
    public var host: String
    /// English, then French.
    public var description: String {
        """
        Refusing to serve plain HTTP on \(host): passwords and research data would cross the network unencrypted. Keep --host 127.0.0.1 and put a TLS reverse proxy in front (deploy/nginx/verbatim.conf), or, if the proxy runs on another host of a protected network, pass --allow-plain-http.
        Refus de servir en HTTP non chiffré sur \(host) : mots de passe et données de recherche traverseraient le réseau en clair. Gardez --host 127.0.0.1 et placez devant un mandataire inverse TLS (deploy/nginx/verbatim.conf) ou, si le mandataire tourne sur une autre machine d’un réseau protégé, passez --allow-plain-http.
        """
    }
}
