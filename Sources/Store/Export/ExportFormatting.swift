import Foundation

/// Text helpers shared by the exporters: clock times, XML and CSV escaping, ISO dates.
enum ExportFormatting {
    /// `HH:MM:SS<separator>mmm`, rounding to the millisecond.
    static func clock(_ seconds: Double, separator: Character = ".") -> String {
        let total = Int((max(0, seconds) * 1000).rounded())
        let ms = total % 1000
        let s = (total / 1000) % 60
        let m = (total / 60_000) % 60
        let h = total / 3_600_000
        return pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + String(separator) + pad(ms, 3)
    }

    /// Whole milliseconds.
    static func milliseconds(_ seconds: Double) -> Int { Int((max(0, seconds) * 1000).rounded()) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value >= 0x20 && !(0xFFFE...0xFFFF).contains(value) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// One RFC 4180 CSV field: quoted when it holds a comma, quote, or line break.
    static func csv(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// ISO 8601 UTC with seconds (`2026-11-23T09:00:00Z`).
    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Characters `range` (Unicode scalar offsets, clamped) of `text`.
    static func substring(_ text: String, _ range: Range<Int>) -> String {
        let scalars = Array(text.unicodeScalars)
        let clamped = range.clamped(to: 0..<scalars.count)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[clamped])
        return String(view)
    }
}

extension ExportFormatting {
    /// `[HH:MM:SS]`, whole seconds rounded down: the start of a speaker turn in documents for people.
    static func turnTime(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded(.down))
        return "[" + pad(total / 3600, 2) + ":" + pad((total / 60) % 60, 2) + ":" + pad(total % 60, 2) + "]"
    }
}
