import Foundation

/// The scraper's bearer token for `GET /metrics`, read from `--metrics-token-file`.
public enum MetricsToken {
    /// The file's first line; throws ``MetricsTokenError`` when the file cannot be read or holds
    /// fewer than 32 characters (a guessable token would open the metrics to anyone).
    public static func read(from file: URL) throws -> String {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch { throw MetricsTokenError(file: file.path, reason: .unreadable) }
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard token.count >= 32, !token.contains(" ") else { throw MetricsTokenError(file: file.path, reason: .tooShort) }
        return token
    }
}

/// A `--metrics-token-file` that cannot serve as a token.
public struct MetricsTokenError: Error, Sendable, CustomStringConvertible {
    /// Why the file was refused.
    public enum Reason: Sendable { case unreadable, tooShort }
    /// The file given.
    public var file: String
    /// Why.
    public var reason: Reason
    /// English, then French.
    public var description: String {
        switch reason {
        case .unreadable:
            """
            Cannot read the metrics token file \(file): check the path and that the service's user may read it.
            Impossible de lire le fichier du jeton des métriques \(file) : vérifiez le chemin et que l’utilisateur du service peut le lire.
            """
        case .tooShort:
            """
            The metrics token in \(file) must be one line of at least 32 characters without spaces (for instance `openssl rand -hex 32`).
            Le jeton des métriques dans \(file) doit tenir sur une ligne d’au moins 32 caractères sans espace (par exemple `openssl rand -hex 32`).
            """
        }
    }
}
