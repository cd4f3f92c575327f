/// Parsing decimal numbers straight from bytes, without making a `String`, with exactly the result
/// of `Double(String)`.
///
/// Plain decimals (`-12.5`, `0.020499`, `1560279825.000000`, `3e-2`) of at most 19 digits, leading
/// zeros included, whose value is `m × 10^e` with `m ≤ 2^53` and `|e| ≤ 22` are converted with one
/// correctly rounded multiplication or division of two exact doubles (Clinger's fast path), which
/// is the correctly rounded value `Double(String)` gives. Anything else (more digits, larger
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
        guard start < end, let p = bytes.baseAddress else { return nil }
        var i = start
        let negative = p[i] == UInt8(ascii: "-")
        if negative || p[i] == UInt8(ascii: "+") { i &+= 1 }
        // Every digit counts towards the 19 a UInt64 holds, leading zeros too: a longer number
        // takes the slow path, which gives the same value.
        var mantissa: UInt64 = 0
        let integerStart = i
        digits(p, &i, end, into: &mantissa)
        var count = i &- integerStart
        var exponent = 0
        if i < end, p[i] == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            digits(p, &i, end, into: &mantissa)
            exponent = fractionStart &- i
            count &-= exponent
        }
        guard count > 0, count <= 19 else { return nil }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var written: UInt64 = 0
            let exponentStart = i
            digits(p, &i, end, into: &written)
            guard i > exponentStart, i - exponentStart <= 4 else { return nil }
            exponent += exponentNegative ? -Int(written) : Int(written)
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, i) }
        // Zeros ending the fraction (`1560279825.0000000`) bring a too-long mantissa back in range.
        while mantissa > 1 << 53, exponent < 0, mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        var value = Double(mantissa)
        if exponent < 0 {
            value /= powersOfTen[-exponent]
        } else if exponent > 0 {
            value *= powersOfTen[exponent]
        }
        return (negative ? -value : value, i)
    }

    /// The CSV reader's common case, without a loop: a decimal of at most 7 digits (an optional
    /// `-`, digits, an optional `.` and digits, no exponent) read from one 8-byte word, and the
    /// index after it; `nil` when the number is longer, has another form, or fewer than 9 bytes
    /// remain (``prefix(_:_:_:)`` then reads it). One exact division gives `Double(String)`'s result.
    @inline(__always)
    static func wordPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, end: Int)? {
        guard end &- start >= 9, let p = bytes.baseAddress else { return nil }
        let negative = p[start] == UInt8(ascii: "-")
        let first = negative ? start &+ 1 : start
        // Byte k of the word is character k; a digit's byte becomes its value 0...9 (no borrows).
        let x = UnsafeRawPointer(p + first).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3030_3030_3030
        // The high bit of each byte that is not a digit (each byte on its own: no carries).
        let nonDigits = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080
        guard nonDigits != 0 else { return nil }
        let integer = nonDigits.trailingZeroBitCount &>> 3
        var stop = integer
        var count = integer
        var fraction = 0
        if (x &>> UInt64(8 &* integer)) & 0xFF == UInt64(UInt8(ascii: ".") ^ 0x30) {
            // The fraction's digits run to the next non-digit, which must be inside the word too.
            let rest = nonDigits & (nonDigits &- 1)
            guard rest != 0 else { return nil }
            stop = rest.trailingZeroBitCount &>> 3
            count = stop &- 1
            fraction = stop &- integer &- 1
        }
        guard count > 0 else { return nil }
        // The digits without the point, in the low `count` bytes: the fraction's moved down one byte.
        let integerBytes: UInt64 = (1 &<< UInt64(8 &* integer)) &- 1
        let digitBytes: UInt64 = (1 &<< UInt64(8 &* count)) &- 1
        let digits = (x & integerBytes) | ((x &>> 8) & digitBytes & ~integerBytes)
        // Read as eight digits, the empty bytes above are trailing zeros: m × 10^(8 - count), exact.
        let value = Double(eightDigits(digits)) / powersOfTen[8 &- count &+ fraction]
        return (negative ? -value : value, first &+ stop)
    }

    /// The number written by eight digit values 0...9, one per byte, the first (most significant) in the low byte.
    @inline(__always)
    static func eightDigits(_ d: UInt64) -> UInt64 {
        // Pairs, then fours, then all eight: each step combines neighbouring lanes as high × 10^k + low.
        let pairs = ((d &* (1 &+ 10 &<< 8)) &>> 8) & 0x00FF_00FF_00FF_00FF
        let fours = ((pairs &* (1 &+ 100 &<< 16)) &>> 16) & 0x0000_FFFF_0000_FFFF
        return (fours &* (1 &+ 10_000 &<< 32)) &>> 32
    }

    /// Reads the run of ASCII digits at `i` into `number` (wrapping past 19 digits; the caller counts them).
    ///
    /// Eight digits at a time while a whole word of digits lies ahead (a UNIX time's ten digits and
    /// five decimals: two words and five single digits instead of fifteen), then one by one.
    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, into number: inout UInt64) {
        while end &- i >= 8 {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3030_3030_3030
            guard (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080 == 0 else { break }
            number = number &* 100_000_000 &+ eightDigits(x)
            i &+= 8
        }
        while i < end {
            let digit = p[i] &- UInt8(ascii: "0")
            if digit >= 10 { return }
            number = number &* 10 &+ UInt64(digit)
            i &+= 1
        }
    }
}
