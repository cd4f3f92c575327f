import Foundation

/// The `Content-Disposition` header of one part of a `multipart/form-data` body (RFC 7578 §4.2,
/// with the parameter syntax of RFC 6266): `form-data; name="file"; filename="a;b.wav"`.
///
/// Parameter values are tokens or quoted strings, and a quoted string may hold `;`, `=` and
/// backslash-escaped quotes, so the header is read character by character rather than split.
/// `filename*` (RFC 5987: `UTF-8''entretien%20%C3%A9t%C3%A9.wav`) wins over `filename`.
struct ContentDisposition: Equatable {
    /// The disposition type, lower-cased: `form-data` for every part of a form.
    var type: String
    /// Parameters by lower-cased name, values unquoted; `filename*` is kept as sent.
    var parameters: [String: String]

    /// The header read from its value; parameters that are not well-formed are skipped.
    init(_ value: String) {
        var scanner = ParameterScanner(Array(value.unicodeScalars))
        type = scanner.token().lowercased()
        parameters = [:]
        while scanner.skip(";") {
            let name = scanner.token().lowercased()
            guard !name.isEmpty, scanner.skip("=") else {
                scanner.skipParameter()
                continue
            }
            let value = scanner.value()
            if parameters[name] == nil { parameters[name] = value }
        }
    }

    /// The `name` parameter: the form field's name.
    var name: String? { parameters["name"] }

    /// The file's name without any folder a client put before it (`C:\Users\...`), or `nil` when
    /// the part is not a file; `filename*` in UTF-8 wins over `filename`.
    var filename: String? {
        let raw = parameters["filename*"].flatMap(Self.decodeExtendedValue) ?? parameters["filename"]
        guard let raw else { return nil }
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return base
    }

    /// The text of an RFC 5987 `ext-value` in UTF-8 (`UTF-8'lang'percent-encoded`); `nil` for
    /// another charset or a malformed value.
    static func decodeExtendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}

/// Reads the tokens and quoted strings of a header's parameters (RFC 9110 §5.6).
private struct ParameterScanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private mutating func skipSpaces() {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    /// Consumes `character` (after spaces) if it comes next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        skipSpaces()
        guard index < scalars.count, scalars[index] == character else { return false }
        index += 1
        return true
    }

    /// A run of characters up to a separator (`;`, `=`, space, quote), or an empty string.
    mutating func token() -> String {
        skipSpaces()
        var text = String.UnicodeScalarView()
        while index < scalars.count, !";= \t\"".unicodeScalars.contains(scalars[index]) {
            text.append(scalars[index])
            index += 1
        }
        return String(text)
    }

    /// A quoted string without its quotes and escapes, or a token.
    mutating func value() -> String {
        skipSpaces()
        guard index < scalars.count, scalars[index] == "\"" else { return token() }
        index += 1
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "\"" {
            if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
            text.append(scalars[index])
            index += 1
        }
        index += 1
        return String(text)
    }

    /// Moves past the rest of a malformed parameter, to the next `;` outside quotes.
    mutating func skipParameter() {
        var quoted = false
        while index < scalars.count, quoted || scalars[index] != ";" {
            if scalars[index] == "\"" { quoted.toggle() }
            index += 1
        }
    }
}
