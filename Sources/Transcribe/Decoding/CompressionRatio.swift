import CZlibShim

/// The ratio of a text's UTF-8 size to its zlib-compressed size (level 6), as Whisper measures
/// repetitiveness: a window whose text compresses too well is decoded again.
enum CompressionRatio {
    /// `len(text) / len(zlib.compress(text))` of the UTF-8 bytes; 0 for empty text.
    static func of(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return 0 }
        var size = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        // compressBound guarantees the room, so compress2 can fail only when out of memory.
        let status = compress2(&output, &size, bytes, uLong(bytes.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Double(bytes.count) / Double(size)
    }
}
