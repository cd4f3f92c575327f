import Crypto
import Foundation

/// A file that grows by records, each sealed with AES-256-GCM (swift-crypto) under its study's
/// key: the bytes of a resumable upload or of a capture part while they arrive, so that no piece
/// of a recording is kept in clear before it is complete.
///
/// ```
/// header (48 bytes)
///   magic      8  "VERBAPP1"
///   version    1  1
///   reserved   7  zero
///   key id    16  the study key's id (``WrappedStudyKey/id``)
///   salt      16  random, new for each file
/// records, in order:
///   length     4  plain bytes of the record, big-endian (1...recordSize)
///   nonce     12  random
///   ciphertext (length bytes) + tag (16)
/// ```
///
/// The file's key is HKDF-SHA256 of the study key with the salt. Each record authenticates, as
/// additional data, the header, its index (64 bits) and its length: a record changed, moved or
/// cut fails to open. Unlike ``EncryptedFileFormat``, the file may be cut back at any record
/// boundary (a refused PATCH, a chunk the store did not record) and appended to again, so an
/// index is used again with other bytes: nonces are therefore random (96 bits), never derived
/// from the index. A record only partly written (a killed process) is ignored when the file is
/// opened, and cut off when it is next written.
///
/// Not thread-safe: one instance per request or job. Blocks its thread (file I/O).
public final class SealedAppendFile {
    /// The first 8 bytes of every sealed append file.
    public static let magic = Data("VERBAPP1".utf8)
    /// The format version written.
    static let version: UInt8 = 1
    /// Bytes of the header.
    static let headerSize = 48
    /// Bytes around each record's ciphertext: length, nonce and tag.
    static let overhead = 4 + 12 + 16
    /// Most plain bytes in one record.
    public static let recordSize = 64 * 1024

    /// Where the complete records of a file end, in plain and in file bytes: what a writer that
    /// comes back to the file (the next PATCH of an upload) gives to skip reading every record's
    /// length again.
    public struct Tail: Sendable, Hashable {
        /// Plain bytes in the complete records.
        public var plainLength: Int64
        /// File bytes up to the end of the last complete record.
        public var fileLength: UInt64
        /// Complete records (the index of the next one, which its additional data binds).
        public var records: Int

        /// A tail as a previous writer gave it.
        public init(plainLength: Int64, fileLength: UInt64, records: Int) {
            self.plainLength = plainLength
            self.fileLength = fileLength
            self.records = records
        }

    }

    /// The id of the study key that seals the file.
    public let keyID: Data
    /// Plain bytes in the file's complete records.
    public var length: Int64 { plainEnds.last ?? floor.plainLength }
    /// Where the complete records end.
    public var tail: Tail {
        Tail(plainLength: length, fileLength: fileEnds.last ?? floor.fileLength, records: floor.records + plainEnds.count)
    }

    private let handle: FileHandle
    private let header: Data
    private let key: SymmetricKey
    private let name: String
    private let writable: Bool
    /// Plain and file offsets at the end of each complete record after `floor`.
    private var plainEnds: [Int64] = []
    private var fileEnds: [UInt64] = []
    /// Where the records this instance knows start: the header, or a ``Tail`` it was resumed at
    /// (the records before it are found only if a read or a cut needs them).
    private var floor = Tail(plainLength: 0, fileLength: UInt64(headerSize), records: 0)
    /// Bytes given to ``append(_:)`` not yet sealed.
    private var pending = Data()
    /// The record ``read(offset:count:)`` opened last.
    private var cached: (index: Int, plain: Data)?

    /// Whether `url` starts with the sealed-append magic (a media file never does).
    public static func isSealed(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)) == magic
    }

    /// Creates `url` (mode 0600, replacing any file there) as an empty sealed file for `studyKey`,
    /// whose id `keyID` (16 bytes) goes in the header.
    public static func create(_ url: URL, studyKey: SymmetricKey, keyID: Data) throws {
        precondition(keyID.count == 16)
        var header = magic
        header.append(contentsOf: [version, 0, 0, 0, 0, 0, 0, 0])
        header.append(keyID)
        header.append(Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }))
        do {
            try? FileManager.default.removeItem(at: url)
            try PrivateFiles.createFile(url)
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: header)
            try handle.synchronize()
        } catch { throw EncryptionError.io(url.lastPathComponent, error) }
    }

    /// Opens the sealed file `url` and finds its complete records; `key` gives the study key for
    /// the header's key id. A `writable` file has a partly written last record cut off at once.
    ///
    /// A writer given the file's `tail` from its previous instance (the file unchanged since, but
    /// perhaps for a partly written record after it) starts there without reading the records.
    public init(url: URL, key studyKey: (Data) throws -> SymmetricKey, writable: Bool = false, resumingAt tail: Tail? = nil) throws {
        name = url.lastPathComponent
        self.writable = writable
        do {
            handle = writable ? try FileHandle(forUpdating: url) : try FileHandle(forReadingFrom: url)
        } catch { throw EncryptionError.io(name, error) }
        do {
            let header = try handle.read(upToCount: Self.headerSize) ?? Data()
            guard header.count == Self.headerSize, header.prefix(8) == Self.magic else {
                throw EncryptionError(
                    .notEncrypted, "The file \(name) is not a sealed Verbatim upload (no header).",
                    fr: "Le fichier \(name) n’est pas un dépôt scellé de Verbatim (pas d’en-tête).")
            }
            guard header[header.startIndex + 8] == Self.version else {
                throw EncryptionError(
                    .unsupportedVersion, "The file \(name) uses sealing format \(header[header.startIndex + 8]), unknown to this version; update Verbatim.",
                    fr: "Le fichier \(name) utilise le format de scellement \(header[header.startIndex + 8]), inconnu de cette version ; mettez Verbatim à jour.")
            }
            self.header = Data(header)
            keyID = self.header.subdata(in: 16..<32)
            key = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: try studyKey(keyID), salt: self.header.subdata(in: 32..<48),
                info: Data("verbatim sealed append file v1".utf8), outputByteCount: 32)
            if writable, let tail, tail.fileLength >= UInt64(Self.headerSize), try handle.seekToEnd() >= tail.fileLength {
                floor = tail
                try handle.truncate(atOffset: tail.fileLength)
            } else {
                try scan()
            }
        } catch {
            try? handle.close()
            if let error = error as? EncryptionError { throw error }
            throw EncryptionError.io(name, error)
        }
    }

    deinit { try? handle.close() }

    /// Finds the complete records from the header: each length field, and whether its whole
    /// record is on disk.
    private func scan() throws {
        floor = Tail(plainLength: 0, fileLength: UInt64(Self.headerSize), records: 0)
        plainEnds = []
        fileEnds = []
        let size = try handle.seekToEnd()
        var position = UInt64(Self.headerSize)
        var plain: Int64 = 0
        while position + 4 <= size {
            try handle.seek(toOffset: position)
            guard let field = try handle.read(upToCount: 4), field.count == 4 else { break }
            let count = field.reduce(0) { $0 << 8 | Int($1) }
            let end = position + UInt64(Self.overhead + count)
            guard count > 0, count <= Self.recordSize, end <= size else { break }
            plain += Int64(count)
            plainEnds.append(plain)
            fileEnds.append(end)
            position = end
        }
        if writable, position < size { try handle.truncate(atOffset: position) }
    }

    /// Appends plain bytes; whole records are written as they fill, the rest at ``flush()``.
    public func append(_ bytes: some DataProtocol) throws {
        precondition(writable, "append to a sealed file opened for reading")
        pending.append(contentsOf: bytes)
        var start = pending.startIndex
        while pending.endIndex - start >= Self.recordSize {
            try seal(pending[start..<start + Self.recordSize])
            start += Self.recordSize
        }
        if start != pending.startIndex { pending = Data(pending[start...]) }
    }

    /// Seals the bytes still pending as a last, shorter record, and syncs the file to disk.
    public func flush() throws {
        precondition(writable, "flush a sealed file opened for reading")
        if !pending.isEmpty { try seal(pending) }
        pending = Data()
        do { try handle.synchronize() } catch { throw EncryptionError.io(name, error) }
    }

    /// Cuts the file back to the largest record boundary at or below `plainLength` (pending bytes
    /// are dropped) and returns the plain length kept.
    @discardableResult
    public func truncate(to plainLength: Int64) throws -> Int64 {
        precondition(writable, "truncate a sealed file opened for reading")
        pending = Data()
        cached = nil
        if plainLength < floor.plainLength { try scan() }
        while let last = plainEnds.last, last > plainLength {
            plainEnds.removeLast()
            fileEnds.removeLast()
        }
        do {
            try handle.truncate(atOffset: tail.fileLength)
        } catch { throw EncryptionError.io(name, error) }
        return length
    }

    /// Reads the plain bytes from the start, a record at a time, checking each, up to `limit`
    /// bytes (all complete records by default).
    public func read(upTo limit: Int64? = nil, _ body: (Data) throws -> Void) throws {
        if floor.plainLength > 0 { try scan() }
        let limit = limit ?? length
        var start: Int64 = 0
        for index in plainEnds.indices where start < limit {
            let plain = try open(index)
            let wanted = min(Int64(plain.count), limit - start)
            try body(wanted == plain.count ? plain : plain.prefix(Int(wanted)))
            start += Int64(plain.count)
        }
    }

    /// `count` plain bytes from `offset` (fewer at the end of the complete records), decrypting
    /// only the records the range touches.
    public func read(offset: Int64, count: Int) throws -> Data {
        if floor.plainLength > 0 { try scan() }
        precondition(offset >= 0 && count >= 0)
        let end = min(length, offset + Int64(count))
        guard offset < end else { return Data() }
        var result = Data(capacity: Int(end - offset))
        var position = offset
        // The first record ending after `offset` (binary search).
        var low = 0, high = plainEnds.count
        while low < high {
            let middle = (low + high) / 2
            if plainEnds[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        var index = low
        while position < end {
            let start = index == 0 ? 0 : plainEnds[index - 1]
            let plain: Data
            if let cached, cached.index == index {
                plain = cached.plain
            } else {
                plain = try open(index)
                cached = (index, plain)
            }
            let from = Int(position - start), to = Int(min(end, plainEnds[index]) - start)
            result.append(plain[plain.startIndex + from..<plain.startIndex + to])
            position = start + Int64(to)
            index += 1
        }
        return result
    }

    /// Writes the plain bytes of the complete records into `destination` (a new file, 0600).
    public func decrypt(to destination: URL) throws {
        do {
            try? FileManager.default.removeItem(at: destination)
            try PrivateFiles.createFile(destination)
            let output = try FileHandle(forWritingTo: destination)
            defer { try? output.close() }
            try read { try output.write(contentsOf: $0) }
        } catch let error as EncryptionError {
            throw error
        } catch { throw EncryptionError.io(destination.lastPathComponent, error) }
    }

    private func additionalData(_ index: Int, count: Int) -> Data {
        var data = header
        data.append(contentsOf: withUnsafeBytes(of: UInt64(index).bigEndian) { Array($0) })
        data.append(contentsOf: withUnsafeBytes(of: UInt32(count).bigEndian) { Array($0) })
        return data
    }

    private func seal(_ plain: Data) throws {
        let index = floor.records + plainEnds.count
        let box = try AES.GCM.seal(plain, using: key, nonce: AES.GCM.Nonce(), authenticating: additionalData(index, count: plain.count))
        var record = Data(capacity: Self.overhead + plain.count)
        record.append(contentsOf: withUnsafeBytes(of: UInt32(plain.count).bigEndian) { Array($0) })
        record.append(contentsOf: box.nonce)
        record.append(box.ciphertext)
        record.append(box.tag)
        let start = tail.fileLength
        do {
            try handle.seek(toOffset: start)
            try handle.write(contentsOf: record)
        } catch { throw EncryptionError.io(name, error) }
        plainEnds.append(length + Int64(plain.count))
        fileEnds.append(start + UInt64(record.count))
    }

    private func open(_ index: Int) throws -> Data {
        let start = index == 0 ? floor.fileLength : fileEnds[index - 1]
        let count = Int(plainEnds[index] - (index == 0 ? 0 : plainEnds[index - 1]))
        let record: Data
        do {
            try handle.seek(toOffset: start + 4)
            record = try handle.read(upToCount: 12 + count + 16) ?? Data()
        } catch { throw EncryptionError.io(name, error) }
        guard record.count == 12 + count + 16 else { throw EncryptionError.truncated(name) }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: record.prefix(12)), ciphertext: record.dropFirst(12).prefix(count), tag: record.suffix(16))
            return try AES.GCM.open(box, using: key, authenticating: additionalData(index, count: count))
        } catch {
            throw EncryptionError.tampered(name, chunk: UInt64(index))
        }
    }
}
