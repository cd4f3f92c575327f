import Crypto
import Foundation

/// Writes an encrypted file (``EncryptedFileFormat``) chunk by chunk, in constant memory.
///
/// Bytes given to ``write(_:)`` are held until a whole chunk is known not to be the last one;
/// ``finish()`` writes the final chunk and syncs the file to disk. A writer not finished leaves
/// a file that every reader refuses (no final chunk): the caller removes it.
public final class EncryptedFileWriter {
    private let handle: FileHandle
    private let header: EncryptedFileHeader
    private let key: SymmetricKey
    private let name: String
    private var pending = Data()
    private var index: UInt64 = 0

    /// Creates `url` (a new file, mode 0600) for data encrypted with `studyKey`, whose id `keyID`
    /// (16 bytes) goes in the header.
    public init(creating url: URL, studyKey: SymmetricKey, keyID: Data, chunkSize: Int = EncryptedFileFormat.defaultChunkSize) throws {
        precondition(keyID.count == 16 && chunkSize > 0)
        name = url.lastPathComponent
        header = EncryptedFileHeader(keyID: keyID, chunkSize: chunkSize)
        key = header.fileKey(from: studyKey)
        do {
            try? FileManager.default.removeItem(at: url)
            try PrivateFiles.createFile(url)
            handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: header.bytes)
        } catch { throw EncryptionError.io(name, error) }
    }

    deinit { try? handle.close() }

    /// Appends plain bytes.
    public func write(_ data: Data) throws {
        pending.append(data)
        let size = header.chunkSize
        if pending.count > size {
            var start = pending.startIndex
            while pending.endIndex - start > size {
                try seal(pending[start..<start + size], final: false)
                start += size
            }
            pending = Data(pending[start...])
        }
    }

    /// Writes the final chunk, syncs and closes the file.
    public func finish() throws {
        try seal(pending, final: true)
        pending = Data()
        do {
            try handle.synchronize()
            try handle.close()
        } catch { throw EncryptionError.io(name, error) }
    }

    private func seal(_ chunk: Data, final: Bool) throws {
        guard index <= UInt64(UInt32.max) else {
            throw EncryptionError(
                .io, "The file \(name) is too large to encrypt in chunks of \(header.chunkSize) bytes.",
                fr: "Le fichier \(name) est trop grand pour être chiffré en blocs de \(header.chunkSize) octets.")
        }
        let box = try AES.GCM.seal(
            chunk, using: key, nonce: try header.nonce(index), authenticating: header.additionalData(index, final: final))
        do {
            try handle.write(contentsOf: box.ciphertext)
            try handle.write(contentsOf: box.tag)
        } catch { throw EncryptionError.io(name, error) }
        index += 1
    }

    /// Encrypts the plain file `source` into `destination` (a new file), reading 1 MiB at a time.
    public static func encrypt(
        _ source: URL, to destination: URL, studyKey: SymmetricKey, keyID: Data, chunkSize: Int = EncryptedFileFormat.defaultChunkSize
    ) throws {
        let writer = try EncryptedFileWriter(creating: destination, studyKey: studyKey, keyID: keyID, chunkSize: chunkSize)
        do {
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            while let block = try input.read(upToCount: 1 << 20), !block.isEmpty {
                try writer.write(block)
            }
        } catch let error as EncryptionError {
            throw error
        } catch { throw EncryptionError.io(source.lastPathComponent, error) }
        try writer.finish()
    }
}
