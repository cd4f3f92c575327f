import Foundation

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP requires.
public struct CRC32: Sendable {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// The running checksum (finalized).
    public private(set) var value: UInt32 = 0

    /// Starts an empty checksum.
    public init() {}

    /// Feeds bytes.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var crc = ~value
        for byte in bytes { crc = Self.table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        value = ~crc
    }

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}

/// A ZIP archive written in memory with stored (uncompressed) entries and UTF-8 names.
///
/// Enough for REFI-QDA `.qdpx` files: no compression, no ZIP64, so each entry and the whole
/// archive must stay under 4 GiB.
public struct ZipArchive: Sendable {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private var entries: [Entry] = []
    /// The archive bytes written so far (complete after ``finish()``).
    public private(set) var data = Data()

    /// Starts an empty archive.
    public init() {}

    /// Adds a file at `path` (forward slashes) with `contents`.
    /// - Throws: ``StoreError`` `.invalidInput` if the entry or the archive would exceed 4 GiB.
    public mutating func add(path: String, contents: Data) throws {
        guard contents.count < Int(UInt32.max), data.count + contents.count + 1024 < Int(UInt32.max) else {
            throw StoreError(
                .invalidInput,
                "\(path) (\(contents.count) bytes) does not fit in a ZIP without ZIP64; reference the media instead of embedding it.")
        }
        let name = Array(path.utf8)
        let entry = Entry(name: name, crc: CRC32.checksum(contents), size: UInt32(contents.count), offset: UInt32(data.count))
        // Local file header.
        append32(0x0403_4b50)
        append16(20)  // version needed: 2.0
        append16(0x0800)  // flags: UTF-8 names
        append16(0)  // method: stored
        append16(0)  // time 00:00
        append16(0x21)  // date 1980-01-01
        append32(entry.crc)
        append32(entry.size)
        append32(entry.size)
        append16(UInt16(name.count))
        append16(0)
        data.append(contentsOf: name)
        data.append(contents)
        entries.append(entry)
    }

    /// Writes the central directory and end record; returns the archive.
    public mutating func finish() -> Data {
        let directoryStart = UInt32(data.count)
        for entry in entries {
            append32(0x0201_4b50)
            append16(0x031e)  // made by: Unix, 3.0
            append16(20)
            append16(0x0800)
            append16(0)
            append16(0)
            append16(0x21)
            append32(entry.crc)
            append32(entry.size)
            append32(entry.size)
            append16(UInt16(entry.name.count))
            append16(0)  // extra
            append16(0)  // comment
            append16(0)  // disk
            append16(0)  // internal attributes
            append32(0o100644 << 16)  // external attributes: regular file rw-r--r--
            append32(entry.offset)
            data.append(contentsOf: entry.name)
        }
        let directorySize = UInt32(data.count) - directoryStart
        append32(0x0605_4b50)
        append16(0)
        append16(0)
        append16(UInt16(entries.count))
        append16(UInt16(entries.count))
        append32(directorySize)
        append32(directoryStart)
        append16(0)
        return data
    }

    private mutating func append16(_ value: UInt16) {
        data.append(UInt8(value & 0xff))
        data.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { data.append(UInt8((value >> UInt32(shift)) & 0xff)) }
    }
}
