import Foundation

/// The languages a user reads Verbatim in: every message a person can read exists in both.
public enum UserLanguage: String, Codable, Sendable, Hashable, CaseIterable {
    /// French, the language of most users.
    case fr
    /// English.
    case en

    /// The language an HTTP `Accept-Language` header prefers among French and English (RFC 9110
    /// §12.5.4: the highest `q` wins, ties go to the earlier entry); English when the header is
    /// absent or names neither.
    public init(acceptLanguage header: String?) {
        var best: (language: UserLanguage, quality: Double)?
        for entry in (header ?? "").split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = UserLanguage(rawValue: primary) else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            guard quality > 0 else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        self = best?.language ?? .en
    }
}
