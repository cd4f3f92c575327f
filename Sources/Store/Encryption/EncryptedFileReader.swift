import Crypto
import Foundation

/// Reads any byte range of the plain data of an encrypted file (``EncryptedFileFormat``),
/// decrypting only the chunks the range touches.
///
/// Opening checks the final chunk, so ``size`` is authenticated and a truncated file is refused
/// at once. Not thread-safe: one reader per request or job; it blocks its thread (file I/O).
public final class EncryptedFileReader {
    /// Plain size in bytes.
    public let size: Int64
    /// The id of the study key that encrypts the file.
    public let keyID: Data
    private let handle: FileHandle
    private let header: EncryptedFileHeader
    private let key: SymmetricKey
    private let chunks: UInt64
    private let name: String
    private var cached: (index: UInt64, plain: Data)?

    /// The id of the study key of the encrypted file `url`, from its header.
    public static func keyID(of url: URL) throws -> Data {
        try readHeader(url).keyID
    }

    /// Opens `url`; `key` gives the study key for the header's key id.
    public init(url: URL, key studyKey: (Data) throws -> SymmetricKey) throws {
        name = url.lastPathComponent
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw EncryptionError.io(name, error) }
        do {
            header = try EncryptedFileHeader(try handle.read(upToCount: EncryptedFileFormat.headerSize) ?? Data(), name: name)
            keyID = header.keyID
            key = header.fileKey(from: try studyKey(header.keyID))
            let encryptedSize = Int64(try handle.seekToEnd())
            guard let layout = EncryptedFileFormat.plainSize(encryptedSize: encryptedSize, chunkSize: header.chunkSize) else {
                throw EncryptionError.truncated(name)
            }
            size = layout.size
            chunks = layout.chunks
            _ = try chunk(chunks - 1)
        } catch {
            try? handle.close()
            if let error = error as? EncryptionError { throw error }
            throw EncryptionError.io(name, error)
        }
    }

    deinit { try? handle.close() }

    /// `count` plain bytes from `offset` (fewer at the end of the data).
    public func read(offset: Int64, count: Int) throws -> Data {
        precondition(offset >= 0 && count >= 0)
        let end = min(size, offset + Int64(count))
        guard offset < end else { return Data() }
        let chunkSize = Int64(header.chunkSize)
        var result = Data(capacity: Int(end - offset))
        var position = offset
        while position < end {
            let index = UInt64(position / chunkSize)
            let plain = try chunk(index)
            let from = Int(position - Int64(index) * chunkSize)
            let to = Int(min(end - Int64(index) * chunkSize, Int64(plain.count)))
            result.append(plain[plain.startIndex + from..<plain.startIndex + to])
            position += Int64(to - from)
        }
        return result
    }

    /// Decrypts the whole file into `destination` (a new file, mode 0600), chunk by chunk.
    public func decrypt(to destination: URL) throws {
        do {
            try? FileManager.default.removeItem(at: destination)
            try PrivateFiles.createFile(destination)
            let output = try FileHandle(forWritingTo: destination)
            defer { try? output.close() }
            for index in 0..<chunks { try output.write(contentsOf: try chunk(index)) }
            try output.synchronize()
        } catch let error as EncryptionError {
            throw error
        } catch { throw EncryptionError.io(destination.lastPathComponent, error) }
    }

    /// The plain bytes of chunk `index`, checked.
    private func chunk(_ index: UInt64) throws -> Data {
        if let cached, cached.index == index { return cached.plain }
        let stride = UInt64(header.chunkSize + EncryptedFileFormat.tagSize)
        let sealed: Data
        do {
            try handle.seek(toOffset: UInt64(EncryptedFileFormat.headerSize) + index * stride)
            sealed = try handle.read(upToCount: Int(stride)) ?? Data()
        } catch { throw EncryptionError.io(name, error) }
        guard sealed.count >= EncryptedFileFormat.tagSize else { throw EncryptionError.truncated(name) }
        let final = index == chunks - 1
        if !final && sealed.count != Int(stride) { throw EncryptionError.truncated(name) }
        let plain: Data
        do {
            let box = try AES.GCM.SealedBox(
                nonce: try header.nonce(index), ciphertext: sealed.dropLast(EncryptedFileFormat.tagSize),
                tag: sealed.suffix(EncryptedFileFormat.tagSize))
            plain = try AES.GCM.open(box, using: key, authenticating: header.additionalData(index, final: final))
        } catch {
            // A file cut at a chunk boundary ends with a chunk sealed as not final.
            if final, (try? openAsInner(sealed, index)) == true { throw EncryptionError.truncated(name) }
            throw EncryptionError.tampered(name, chunk: index)
        }
        cached = (index, plain)
        return plain
    }

    /// Whether `sealed` opens as a chunk that is not the last one (the sign of a truncation).
    private func openAsInner(_ sealed: Data, _ index: UInt64) throws -> Bool {
        let box = try AES.GCM.SealedBox(
            nonce: try header.nonce(index), ciphertext: sealed.dropLast(EncryptedFileFormat.tagSize),
            tag: sealed.suffix(EncryptedFileFormat.tagSize))
        _ = try AES.GCM.open(box, using: key, authenticating: header.additionalData(index, final: false))
        return true
    }

    private static func readHeader(_ url: URL) throws -> EncryptedFileHeader {
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            return try EncryptedFileHeader(try handle.read(upToCount: EncryptedFileFormat.headerSize) ?? Data(), name: url.lastPathComponent)
        } catch let error as EncryptionError {
            throw error
        } catch { throw EncryptionError.io(url.lastPathComponent, error) }
    }
}
