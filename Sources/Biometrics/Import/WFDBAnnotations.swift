/// Decodes a WFDB (MIT format) annotation file such as `.atr`: 16-bit little-endian words whose
/// top 6 bits are the annotation code and low 10 bits the sample-time increment, with the
/// SKIP, NUM, SUB, CHN and AUX pseudo-codes. The file ends with a zero word: without it, the
/// file was cut and annotations are missing.
enum WFDBAnnotations {
    /// The standard annotation mnemonics by code (as in PhysioNet's `ecgcodes.h`).
    static let symbols: [Int: String] = [
        1: "N", 2: "L", 3: "R", 4: "a", 5: "V", 6: "F", 7: "J", 8: "A", 9: "S", 10: "E", 11: "j", 12: "/", 13: "Q", 14: "~",
        16: "|", 18: "s", 19: "T", 20: "*", 21: "D", 22: "\"", 23: "=", 24: "p", 25: "B", 26: "^", 27: "t", 28: "+", 29: "u",
        30: "?", 31: "!", 32: "[", 33: "]", 34: "e", 35: "n", 36: "@", 37: "x", 38: "f", 39: "(", 40: ")", 41: "r",
    ]

    /// (sample index, label) of each annotation; a rhythm change's AUX text is appended to its label.
    static func read(_ bytes: [UInt8], file: String) throws(ImportError) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var time = 0
        var i = 0
        while i + 1 < bytes.count {
            let word = Int(bytes[i]) | Int(bytes[i + 1]) << 8
            i += 2
            let code = word >> 10, value = word & 0x3FF
            switch code {
            case 0 where value == 0: return out
            case 59:  // SKIP: a 32-bit interval follows, high half first
                guard i + 3 < bytes.count else { throw truncated(file) }
                let high = Int(bytes[i]) | Int(bytes[i + 1]) << 8, low = Int(bytes[i + 2]) | Int(bytes[i + 3]) << 8
                time += Int(Int32(truncatingIfNeeded: high << 16 | low))
                i += 4
            case 60, 61, 62: break  // NUM, SUB, CHN
            case 63:  // AUX: `value` bytes of text, padded to an even length
                guard i + value <= bytes.count else { throw truncated(file) }
                let text = String(decoding: bytes[i..<(i + value)], as: UTF8.self).trimmingSpaces
                if let last = out.indices.last, out[last].0 == time, !text.isEmpty, !text.hasPrefix("## time resolution") {
                    out[last].1 += " " + text
                }
                i += value + (value & 1)
            default:
                time += value
                out.append((time, symbols[code] ?? "code \(code)"))
            }
        }
        throw truncated(file)
    }

    static func truncated(_ file: String) -> ImportError {
        ImportError(
            file: file, reason: .truncated,
            message: "the annotation file ends before its end-of-file marker: it was cut and annotations are missing; copy it again")
    }
}
