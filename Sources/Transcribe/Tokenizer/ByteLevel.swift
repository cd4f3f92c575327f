/// GPT-2's reversible map between bytes and printable unicode characters.
///
/// Printable Latin-1 bytes stand for themselves; the others (controls, space, soft hyphen...)
/// are shifted to U+0100 and up, in byte order.
enum ByteLevel {
    /// The character standing for each byte.
    static let characterOf: [Unicode.Scalar] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var scalars = printable.map { UInt32($0) }
        var extra: UInt32 = 0
        for byte in 0..<256 where !printable.contains(byte) {
            printable.append(byte)
            scalars.append(256 + extra)
            extra += 1
        }
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for (byte, scalar) in zip(printable, scalars) { table[byte] = Unicode.Scalar(scalar)! }
        return table
    }()

    /// The byte each stand-in character means.
    static let byteOf: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in characterOf.enumerated() { map[scalar] = UInt8(byte) }
        return map
    }()
}
