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

    /// 10^0 ... 10^7, for the digits of part of a word.
    static let powersOfTenInteger: [UInt64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]

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
        guard let value = exactValue(mantissa, exponent, negative: negative) else { return nil }
        return (value, i)
    }

    /// A plain decimal of digits only (no sign, no exponent, at most 19 digits) such as a UNIX time
    /// (`1700000000.00000`), read as three words without a loop: the integer's first eight digits,
    /// the rest of it up to the point, and the fraction. The same value and end as
    /// ``prefix(_:_:_:)``, or `nil` for any other form or when fewer than 24 bytes remain.
    @inline(__always)
    static func unsignedPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, end: Int)? {
        guard end &- start >= 24, let p = bytes.baseAddress else { return nil }
        let (head, headNonDigits) = word(p + start)
        guard headNonDigits == 0 else { return nil }
        let (middle, middleNonDigits) = word(p + (start &+ 8))
        guard middleNonDigits != 0 else { return nil }
        let integerRest = middleNonDigits.trailingZeroBitCount &>> 3
        guard (middle &>> UInt64(8 &* integerRest)) & 0xFF == UInt64(UInt8(ascii: ".") ^ 0x30) else { return nil }
        let fractionStart = start &+ 9 &+ integerRest
        let (fraction, fractionNonDigits) = word(p + fractionStart)
        guard fractionNonDigits != 0 else { return nil }
        let fractionCount = fractionNonDigits.trailingZeroBitCount &>> 3
        let stop = fractionStart &+ fractionCount
        guard p[stop] | 0x20 != UInt8(ascii: "e"), 8 &+ integerRest &+ fractionCount <= 19 else { return nil }
        let integer = eightDigits(head) &* powersOfTenInteger[integerRest] &+ leadingDigits(middle, integerRest)
        let mantissa = integer &* powersOfTenInteger[fractionCount] &+ leadingDigits(fraction, fractionCount)
        guard let value = exactValue(mantissa, -fractionCount, negative: false) else { return nil }
        return (value, stop)
    }

    /// `±mantissa × 10^exponent` from a decimal's digits, when one correctly rounded operation on
    /// exact doubles gives it; `nil` otherwise.
    @inline(__always)
    static func exactValue(_ mantissa: UInt64, _ exponent: Int, negative: Bool) -> Double? {
        var mantissa = mantissa, exponent = exponent
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
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
        return negative ? -value : value
    }

    /// The eight bytes at `p` with each digit byte turned into its value, and the high bit of each
    /// byte that is not a digit (each byte on its own: no carries).
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>) -> (digits: UInt64, nonDigits: UInt64) {
        let x = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3030_3030_3030
        return (x, (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080)
    }

    /// The number written by the first `count` (0...7) digit values of a word from ``word(_:)``.
    @inline(__always)
    static func leadingDigits(_ x: UInt64, _ count: Int) -> UInt64 {
        // Moved to the top bytes, with zeros (leading zeros) below.
        count == 0 ? 0 : eightDigits(x &<< UInt64(64 &- 8 &* count))
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
    /// A word (eight bytes) at a time while a word lies ahead, the run's end inside a word included:
    /// a UNIX time's ten digits and five decimals take three words (`17000000`, `00.`, `00000;`)
    /// instead of fifteen single digits. The last few bytes of the buffer are read one by one.
    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, into number: inout UInt64) {
        while end &- i >= 8 {
            let (x, nonDigits) = word(p + i)
            guard nonDigits != 0 else {
                number = number &* 100_000_000 &+ eightDigits(x)
                i &+= 8
                continue
            }
            let count = nonDigits.trailingZeroBitCount &>> 3
            if count > 0 {
                number = number &* powersOfTenInteger[count] &+ leadingDigits(x, count)
                i &+= count
            }
            return
        }
        while i < end {
            let digit = p[i] &- UInt8(ascii: "0")
            if digit >= 10 { return }
            number = number &* 10 &+ UInt64(digit)
            i &+= 1
        }
    }
}
