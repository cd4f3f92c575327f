#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A read-only ZIP archive held in memory: the central directory, and members decoded on
/// demand (stored or DEFLATE, CRC-checked). ZIP64, encryption and multi-disk archives are
/// rejected with a typed error.
struct ZipArchive: Sendable {
    /// One member of the archive.
    struct Entry: Sendable, Hashable {
        /// The member's path inside the archive ("/"-separated).
        var path: String
        /// 0 stored, 8 deflated.
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var flags: Int

        /// The last path component.
        var name: String { path.split(separator: "/").last.map(String.init) ?? path }
        /// Whether the entry is a directory.
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    /// The archive's file name, for error messages.
    let file: String
    let bytes: [UInt8]
    /// The members in central-directory order.
    let entries: [Entry]

    /// Reads the archive at `url`.
    init(url: URL) throws(ImportError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportError(file: url.path, reason: .unreadable, message: "cannot read the ZIP file (\(error)); check the path and permissions")
        }
        try self.init(bytes: [UInt8](data), file: url.path)
    }

    /// Reads an archive from memory; `file` names it in errors.
    init(bytes: [UInt8], file: String) throws(ImportError) {
        self.file = file
        self.bytes = bytes
        func fail(_ message: String, _ reason: ImportError.Reason = .malformed) -> ImportError {
            ImportError(file: file, reason: reason, message: message)
        }
        var reader = ByteReader(bytes, littleEndian: true)
        // The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB.
        var eocd = -1
        var i = bytes.count - 22
        while i >= max(0, bytes.count - 22 - 65_535) {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else {
            let isZip = bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B
            throw fail(isZip ? "the ZIP file is truncated (no central directory); download it again" : "not a ZIP file", isZip ? .truncated : .wrongFormat)
        }
        reader.position = eocd + 10
        let count = Int(reader.u16())
        _ = reader.u32()
        let directoryOffset = Int(reader.u32())
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else { throw fail("ZIP64 archives are not supported; unpack it and import the folder", .unsupported) }
        var entries: [Entry] = []
        reader.position = directoryOffset
        for _ in 0..<count {
            guard reader.position + 46 <= bytes.count, reader.u32() == 0x0201_4B50 else { throw fail("damaged central directory; unpack it with another tool and import the folder") }
            reader.position += 4
            let flags = Int(reader.u16())
            let method = Int(reader.u16())
            reader.position += 4
            let crc = reader.u32()
            let compressed = Int(reader.u32())
            let uncompressed = Int(reader.u32())
            let nameLength = Int(reader.u16())
            let extraLength = Int(reader.u16())
            let commentLength = Int(reader.u16())
            reader.position += 8
            let offset = Int(reader.u32())
            guard reader.position + nameLength <= bytes.count else { throw fail("damaged central directory entry") }
            let path = String(decoding: bytes[reader.position..<(reader.position + nameLength)], as: UTF8.self)
            reader.position += nameLength + extraLength + commentLength
            entries.append(Entry(path: path, method: method, crc: crc, compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset, flags: flags))
        }
        self.entries = entries
    }

    /// The decoded contents of `entry`.
    func contents(of entry: Entry) throws(ImportError) -> [UInt8] {
        func fail(_ message: String, _ reason: ImportError.Reason = .malformed) -> ImportError {
            ImportError(file: "\(file)/\(entry.path)", reason: reason, message: message)
        }
        guard entry.flags & 1 == 0 else { throw fail("the member is encrypted; unpack it with its password and import the folder", .unsupported) }
        var reader = ByteReader(bytes, littleEndian: true)
        reader.position = entry.localHeaderOffset
        guard entry.localHeaderOffset + 30 <= bytes.count, reader.u32() == 0x0403_4B50 else { throw fail("damaged local header") }
        reader.position = entry.localHeaderOffset + 26
        let start = entry.localHeaderOffset + 30 + Int(reader.u16()) + Int(reader.u16())
        guard start + entry.compressedSize <= bytes.count else { throw fail("the member is truncated; download the archive again", .truncated) }
        let raw = Array(bytes[start..<(start + entry.compressedSize)])
        let output: [UInt8]
        switch entry.method {
        case 0: output = raw
        case 8:
            do { output = try Inflate.decompress(raw, expectedSize: entry.uncompressedSize) } catch {
                throw fail("cannot inflate: \(error.message)")
            }
        default: throw fail("compression method \(entry.method) is not supported (only stored and deflate); unpack it and import the folder", .unsupported)
        }
        guard output.count == entry.uncompressedSize, CRC32.checksum(output) == entry.crc else {
            throw fail("size or CRC-32 mismatch: the archive is damaged")
        }
        return output
    }
}
