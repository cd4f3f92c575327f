import Foundation
import Store
import Testing

/// Every message a person can read exists in French and English: each error the server or the
/// store builds gives its French text (`fr:`), and each object kind and action that messages are
/// built from has French words (``FrenchTerms``). Read from the sources, so that a message added
/// without French fails here rather than in a French page.
@Suite("French messages")
struct FrenchMessagesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// The Swift files of the modules that answer people.
    static func files() throws -> [(name: String, text: String)] {
        var found: [(String, String)] = []
        for module in ["Service", "Store"] {
            let root = sources.appendingPathComponent(module)
            let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in walker where url.pathExtension == "swift" {
                found.append((url.path.replacingOccurrences(of: sources.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
            }
        }
        #expect(found.count > 100, "the sources are where the test expects them (\(sources.path))")
        return found
    }

    /// The argument text of each call that starts at `marker` (up to its closing parenthesis,
    /// skipping string literals and their interpolations).
    static func calls(of marker: String, in text: String) -> [String] {
        var result: [String] = []
        let scalars = Array(text.unicodeScalars)
        let target = Array(marker.unicodeScalars)
        var index = 0
        while index + target.count <= scalars.count {
            guard scalars[index..<index + target.count].elementsEqual(target) else {
                index += 1
                continue
            }
            var cursor = index + target.count, depth = 1
            var strings: [Int] = []  // interpolation depths at which a string literal is open
            var inString = false
            while cursor < scalars.count, depth > 0 {
                let c = scalars[cursor]
                if inString {
                    if c == "\\", cursor + 1 < scalars.count {
                        if scalars[cursor + 1] == "(" {
                            strings.append(depth)
                            depth += 1
                            inString = false
                        }
                        cursor += 2
                        continue
                    }
                    if c == "\"" { inString = false }
                } else if c == "\"" {
                    inString = true
                } else if c == "(" {
                    depth += 1
                } else if c == ")" {
                    depth -= 1
                    if let open = strings.last, open == depth {
                        strings.removeLast()
                        inString = true
                    }
                }
                cursor += 1
            }
            result.append(String(String.UnicodeScalarView(scalars[(index + target.count)..<cursor])))
            index = cursor
        }
        return result
    }

    @Test func everyErrorHasItsFrenchText() throws {
        var missing: [String] = []
        var checked = 0
        for file in try Self.files() {
            for marker in ["APIError(", "StoreError(", "APIError.badRequest(", "EncryptionError(", "MediaStorageError("] {
                for call in Self.calls(of: marker, in: file.text) {
                    // Declarations and rethrows of another error's texts are not new messages.
                    guard call.contains("\""), !call.hasPrefix("_ kind"), !call.hasPrefix("_ status") else { continue }
                    checked += 1
                    if !call.contains("fr:") { missing.append("\(file.name): \(marker)\(call.prefix(90))…") }
                }
            }
        }
        #expect(checked > 100, "the scan finds the errors (\(checked))")
        #expect(missing.isEmpty, "errors without French:\n\(missing.joined(separator: "\n"))")
    }

    @Test func everyActionAndObjectHasFrenchWords() throws {
        var actions: Set<String> = [], objects: Set<String> = []
        let action = try Regex(#"to: "([^"\\]+)"\)"#)
        let object = try Regex(#"(?:APIError|StoreError)\.notFound\(\s*"([^"\\]+)""#)
        for file in try Self.files() {
            for match in file.text.matches(of: action) { actions.insert(String(match.output[1].substring!)) }
            for match in file.text.matches(of: object) { objects.insert(String(match.output[1].substring!)) }
        }
        #expect(actions.count > 30 && objects.count > 8)
        #expect(actions.filter { FrenchTerms.actions[$0] == nil }.sorted() == [], "actions without French")
        #expect(objects.filter { FrenchTerms.objects[$0.lowercased()] == nil }.sorted() == [], "objects without French")
        #expect(FrenchTerms.capitalizedObject("recording") == "L’enregistrement")
    }
}
