/// Reads little- or big-endian integers from a byte array. Callers check bounds first
/// (`remaining`); reading past the end traps.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0
    var littleEndian: Bool

    init(_ bytes: [UInt8], littleEndian: Bool) {
        self.bytes = bytes
        self.littleEndian = littleEndian
    }

    /// Bytes left after `position`.
    var remaining: Int { bytes.count - position }

    mutating func u8() -> UInt8 {
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned integer of `width` bytes in the reader's byte order.
    mutating func unsigned(_ width: Int) -> UInt64 {
        var value: UInt64 = 0
        if littleEndian {
            for i in 0..<width { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        } else {
            for i in 0..<width { value = value << 8 | UInt64(bytes[position + i]) }
        }
        position += width
        return value
    }

    mutating func u16() -> UInt16 { UInt16(truncatingIfNeeded: unsigned(2)) }
    mutating func u32() -> UInt32 { UInt32(truncatingIfNeeded: unsigned(4)) }
}
