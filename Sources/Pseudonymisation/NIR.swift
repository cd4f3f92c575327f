/// The French social-security number (NIR, "numéro de sécurité sociale"): 13 characters and a
/// two-digit key equal to 97 minus the number modulo 97, where Corsica's departments 2A and 2B
/// count as 19 and 18.
enum NIR {
    /// Whether `characters` (13 digits or 2A/2B, then 2 key digits; no spaces) is a NIR whose key
    /// is right.
    static func isValid(_ characters: String) -> Bool {
        let upper = characters.uppercased()
        guard upper.count == 15 else { return false }
        let body = String(upper.prefix(13)), key = String(upper.suffix(2))
        guard let keyValue = Int(key), let number = number(body) else { return false }
        return 97 - number % 97 == keyValue
    }

    /// The 13-character body as a number, with 2A → 19 and 2B → 18 (positions 6-7).
    static func number(_ body: String) -> Int? {
        var digits = body
        let department = body.dropFirst(5).prefix(2)
        if department == "2A" { digits = body.prefix(5) + "19" + body.dropFirst(7) }
        if department == "2B" { digits = body.prefix(5) + "18" + body.dropFirst(7) }
        guard digits.count == 13, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// The key of a 13-character body: what makes a valid NIR (for test data).
    static func key(of body: String) -> Int? {
        number(body).map { 97 - $0 % 97 }
    }
}
