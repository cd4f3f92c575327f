import Crypto
import Foundation
import HTTPTypes

/// What a password must be: 10 to 128 characters, and neither the user's name nor e-mail address
/// (nor its part before `@`), compared without case.
///
/// bcrypt reads only a password's first 72 bytes; longer passwords are accepted and the rest is ignored.
public enum PasswordPolicy {
    /// The fewest characters.
    public static let minimumLength = 10
    /// The most characters.
    public static let maximumLength = 128

    /// Throws `422 weak_password` with what to change when `password` breaks the policy.
    public static func check(_ password: String, name: String, email: String) throws {
        if password.count < minimumLength {
            throw APIError(
                .unprocessableContent, code: "weak_password",
                "A password needs at least \(minimumLength) characters; a few words make a long one that is easy to remember.",
                fr: "Un mot de passe compte au moins \(minimumLength) caractères ; quelques mots en font un long, facile à retenir.")
        }
        if password.count > maximumLength {
            throw APIError(
                .unprocessableContent, code: "weak_password", "A password has at most \(maximumLength) characters; choose a shorter one.",
                fr: "Un mot de passe compte au plus \(maximumLength) caractères ; choisissez-en un plus court.")
        }
        let lowered = password.lowercased()
        let local = email.split(separator: "@").first.map { $0.lowercased() } ?? ""
        let forbidden = [name.lowercased(), email.lowercased(), local].filter { !$0.isEmpty }
        if forbidden.contains(lowered) {
            throw APIError(
                .unprocessableContent, code: "weak_password", "A password may not be the user’s name or e-mail address; choose another one.",
                fr: "Un mot de passe ne peut pas être le nom ni l’adresse électronique de l’utilisateur ; choisissez-en un autre.")
        }
    }

    /// A random password of 20 characters (100 bits) from swift-crypto's secure generator, in 32
    /// letters and digits without look-alikes, for an administrator to hand over once.
    public static func generate() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyz2345679")
        return SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
            String(bytes.prefix(20).map { alphabet[Int($0 & 31)] })
        }
    }
}
