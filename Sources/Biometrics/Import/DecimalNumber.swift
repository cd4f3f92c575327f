/// Parsing decimal numbers straight from bytes, without making a `String`, with exactly the result
/// of `Double(String)`.
///
/// Plain decimals (`-12.5`, `0.020499`, `1560279825.000000`, `3e-2`) of at most 19 significant
/// digits whose value is `m × 10^e` with `m ≤ 2^53` and `|e| ≤ 22` are converted with one
/// correctly rounded multiplication or division of two exact doubles (Clinger's fast path), which
/// is the correctly rounded value `Double(String)` gives; zeros ending the fraction are dropped
/// first, so `15926.0` needs no division. Anything else (more digits, larger
/// exponents, `inf`, `nan`, hexadecimal floats, stray characters) falls back to `Double(String)`.
enum DecimalNumber {
    /// 10^0 ... 10^22, all exact in a Double.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number in `bytes[start..<end]`, or `nil` where `Double(String)` gives `nil`.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if let value = fastPath(bytes, start, end) { return value }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    /// The value when the text is a plain decimal the fast path converts exactly; `nil` otherwise
    /// (not necessarily because it is not a number).
    @inline(__always)
    static func fastPath(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard let (value, stop) = prefix(bytes, start, end), stop == end else { return nil }
        return value
    }

    /// The plain decimal that `bytes[start..<end]` starts with and the index of the first byte after
    /// it, when the fast path converts it exactly; `nil` otherwise. When the number is followed by a
    /// separator, `fastPath` gives the same value for the field.
    @inline(__always)
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, end: Int)? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if bytes[i] == UInt8(ascii: "+") {
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < end {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            sawDigit = true
            if mantissa != 0 || d != 0 {
                guard digits < 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
            }
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                sawDigit = true
                if mantissa != 0 || d != 0 {
                    guard digits < 19 else { return nil }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    digits += 1
                }
                exponent -= 1
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0, exponentDigits = 0
            while i < end {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                guard exponentDigits < 4 else { return nil }
                written = written * 10 + Int(d)
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, i) }
        // Trailing zeros after the point (`15926.0`) change nothing but cost a division: drop them.
        while exponent < 0, mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        var value = Double(mantissa)
        value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
        return (negative ? -value : value, i)
    }
}
