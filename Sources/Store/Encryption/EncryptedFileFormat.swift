import Crypto
import Foundation

/// The layout of an encrypted media or export file: AES-256-GCM (swift-crypto) in chunks, so that
/// any byte range is read by decrypting only the chunks it touches.
///
/// ```
/// header (48 bytes)
///   magic      8  "VERBENC1"
///   version    1  1
///   reserved   3  zero
///   chunk size 4  plain bytes per chunk, big-endian (65 536)
///   key id    16  the study key's id (``WrappedStudyKey/id``)
///   salt      16  random, new for each file
/// chunks, in order: ciphertext (chunk size bytes; the last one 0...chunk size) + tag (16)
/// ```
///
/// Each file gets its own key, HKDF-SHA256 of the study key with the file's salt, so the 96-bit
/// nonce of chunk *i* is the salt's first 8 bytes followed by *i* (32 bits, big-endian) and never
/// repeats under one key. Each chunk authenticates, as additional data, the whole header, its
/// index (64 bits) and a final-chunk flag (1 byte, 1 on the last chunk only): a chunk moved
/// elsewhere, a changed header, or a file cut at a chunk boundary fails to open. A file always
/// has at least one chunk (an empty plain file is one empty final chunk).
public enum EncryptedFileFormat {
    /// The first 8 bytes of every encrypted file.
    public static let magic = Data("VERBENC1".utf8)
    /// The format version written.
    public static let version: UInt8 = 1
    /// Bytes of the header.
    public static let headerSize = 48
    /// Bytes of the tag after each chunk.
    public static let tagSize = 16
    /// Plain bytes per chunk written by default.
    public static let defaultChunkSize = 64 * 1024

    /// Whether `url` starts with the encrypted-file magic (a plain media file never does).
    public static func isEncrypted(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)) == magic
    }

    /// Plain size of a file of `encryptedSize` bytes with `chunkSize`, and its number of chunks;
    /// `nil` when no well-formed file has that size.
    static func plainSize(encryptedSize: Int64, chunkSize: Int) -> (size: Int64, chunks: UInt64)? {
        let body = encryptedSize - Int64(headerSize)
        let stride = Int64(chunkSize + tagSize)
        guard body >= Int64(tagSize) else { return nil }
        let chunks = (body + stride - 1) / stride
        let last = body - (chunks - 1) * stride - Int64(tagSize)
        guard last >= 0 else { return nil }
        return ((chunks - 1) * Int64(chunkSize) + last, UInt64(chunks))
    }
}

/// The header of one encrypted file.
struct EncryptedFileHeader: Sendable, Equatable {
    var chunkSize: Int
    var keyID: Data
    var salt: Data

    /// A new header with a random salt.
    init(keyID: Data, chunkSize: Int) {
        self.chunkSize = chunkSize
        self.keyID = keyID
        self.salt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }

    /// Parses the first ``EncryptedFileFormat/headerSize`` bytes of the file `name`.
    init(_ bytes: Data, name: String) throws {
        let bytes = Data(bytes)
        guard bytes.count == EncryptedFileFormat.headerSize, bytes.prefix(8) == EncryptedFileFormat.magic else {
            throw EncryptionError(
                .notEncrypted, "The file \(name) is not an encrypted Verbatim file (no header); it may be plain media not yet encrypted.",
                fr: "Le fichier \(name) n’est pas un fichier chiffré de Verbatim (pas d’en-tête) ; c’est peut-être un média en clair pas encore chiffré.")
        }
        guard bytes[8] == EncryptedFileFormat.version else {
            throw EncryptionError(
                .unsupportedVersion, "The file \(name) uses encryption format \(bytes[8]), unknown to this version; update Verbatim.",
                fr: "Le fichier \(name) utilise le format de chiffrement \(bytes[8]), inconnu de cette version ; mettez Verbatim à jour.")
        }
        let size = bytes[12..<16].reduce(0) { $0 << 8 | Int($1) }
        guard size > 0, size <= 1 << 24 else { throw EncryptionError.tampered(name, chunk: 0) }
        chunkSize = size
        keyID = bytes.subdata(in: 16..<32)
        salt = bytes.subdata(in: 32..<48)
    }

    /// The header's bytes.
    var bytes: Data {
        var data = EncryptedFileFormat.magic
        data.append(contentsOf: [EncryptedFileFormat.version, 0, 0, 0])
        data.append(contentsOf: withUnsafeBytes(of: UInt32(chunkSize).bigEndian) { Array($0) })
        data.append(keyID)
        data.append(salt)
        return data
    }

    /// The file's own key, derived from the study key and the salt.
    func fileKey(from studyKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: studyKey, salt: salt, info: Data("verbatim encrypted file v1".utf8), outputByteCount: 32)
    }

    /// The nonce of chunk `index`.
    func nonce(_ index: UInt64) throws -> AES.GCM.Nonce {
        var data = salt.prefix(8)
        data.append(contentsOf: withUnsafeBytes(of: UInt32(truncatingIfNeeded: index).bigEndian) { Array($0) })
        return try AES.GCM.Nonce(data: data)
    }

    /// The additional data of chunk `index`.
    func additionalData(_ index: UInt64, final: Bool) -> Data {
        var data = bytes
        data.append(contentsOf: withUnsafeBytes(of: index.bigEndian) { Array($0) })
        data.append(final ? 1 : 0)
        return data
    }
}
