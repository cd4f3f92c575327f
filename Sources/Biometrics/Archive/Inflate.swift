/// A DEFLATE (RFC 1951) decoder: stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Foundation on Linux exposes no zlib API, so ZIP members are inflated here, in Swift.
/// Huffman codes are decoded canonically, one bit at a time (the inputs are wearable CSV
/// exports of a few megabytes at most).
enum Inflate {
    /// Why a DEFLATE stream could not be decoded.
    struct Failure: Error, Sendable, Hashable {
        /// What is wrong with the stream.
        var message: String
    }

    /// Decodes a raw DEFLATE stream (no zlib or gzip wrapper). `expectedSize` only reserves memory.
    static func decompress(_ input: [UInt8], expectedSize: Int = 0) throws(Failure) -> [UInt8] {
        var state = State(input: input)
        state.output.reserveCapacity(expectedSize)
        var last = false
        while !last {
            last = try state.bits(1) == 1
            switch try state.bits(2) {
            case 0: try state.stored()
            case 1: try state.codes(lengths: Inflate.fixedLengths, distances: Inflate.fixedDistances)
            case 2:
                let (lengths, distances) = try state.dynamicTables()
                try state.codes(lengths: lengths, distances: distances)
            default: throw Failure(message: "invalid block type 3")
            }
        }
        return state.output
    }

    /// A canonical Huffman code as counts per length and symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws(Failure) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1..<16 {
                left = left * 2 - counts[length]
                if left < 0 { throw Failure(message: "over-subscribed Huffman code") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
            counts[0] = 0
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    // The fixed code of block type 1 (RFC 1951 §3.2.6); built once, cannot fail.
    static let fixedLengths: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return try! Huffman(lengths: lengths)
    }()
    static let fixedDistances: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30))

    /// The decoder's position in the input and the output so far.
    struct State {
        let input: [UInt8]
        var position = 0
        var bitBuffer = 0
        var bitCount = 0
        var output: [UInt8] = []

        init(input: [UInt8]) { self.input = input }

        mutating func bits(_ need: Int) throws(Failure) -> Int {
            while bitCount < need {
                guard position < input.count else { throw Failure(message: "unexpected end of compressed data") }
                bitBuffer |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let value = bitBuffer & ((1 << need) - 1)
            bitBuffer >>= need
            bitCount -= need
            return value
        }

        mutating func decode(_ code: Huffman) throws(Failure) -> Int {
            var value = 0, first = 0, index = 0
            for length in 1..<16 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - count < first { return code.symbols[index + (value - first)] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw Failure(message: "invalid Huffman code")
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw Failure(message: "unexpected end of stored block header") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == (~complement & 0xFFFF) else { throw Failure(message: "stored block length check failed") }
            position += 4
            guard position + length <= input.count else { throw Failure(message: "unexpected end of stored block") }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        mutating func dynamicTables() throws(Failure) -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw Failure(message: "too many length or distance codes") }
            var codeLengthLengths = [Int](repeating: 0, count: 19)
            for i in 0..<codeLengthCount { codeLengthLengths[Inflate.codeLengthOrder[i]] = try bits(3) }
            let codeLengthCode = try Huffman(lengths: codeLengthLengths)
            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(codeLengthCode)
                switch symbol {
                case 0..<16: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw Failure(message: "repeat with no previous length") }
                    lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
                case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
                default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
                }
            }
            guard lengths.count == literalCount + distanceCount else { throw Failure(message: "code lengths overflow the tables") }
            guard lengths[256] != 0 else { throw Failure(message: "no end-of-block code") }
            return (try Huffman(lengths: Array(lengths[0..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
        }

        mutating func codes(lengths: Huffman, distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(lengths)
                if symbol < 256 {
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let index = symbol - 257
                    guard index < 29 else { throw Failure(message: "invalid length symbol \(symbol)") }
                    let length = Inflate.lengthBase[index] + (try bits(Inflate.lengthExtra[index]))
                    let distanceSymbol = try decode(distances)
                    guard distanceSymbol < 30 else { throw Failure(message: "invalid distance symbol \(distanceSymbol)") }
                    let distance = Inflate.distanceBase[distanceSymbol] + (try bits(Inflate.distanceExtra[distanceSymbol]))
                    guard distance <= output.count else { throw Failure(message: "distance \(distance) reaches before the start") }
                    let from = output.count - distance
                    for i in 0..<length { output.append(output[from + i]) }
                }
            }
        }
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
