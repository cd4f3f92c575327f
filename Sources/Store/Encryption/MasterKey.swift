import Crypto
import Foundation

/// The installation's master key: 32 random bytes given at start-up, never stored in the data
/// folder, that wraps every study key (``WrappedStudyKey``). Without it the media cannot be read.
public struct MasterKey: Sendable {
    /// The key.
    public let key: SymmetricKey
    /// A public fingerprint of the key (HMAC-SHA256 of a fixed text, 8 bytes in hex), kept with
    /// each wrapped study key to tell a wrong master key from damaged data.
    public let id: String

    /// A master key from its 32 bytes.
    public init(bytes: Data) throws {
        guard bytes.count == 32 else {
            throw EncryptionError(
                .masterKey, "The master key must be 32 bytes in base64 (it has \(bytes.count) bytes); create one with `verbatim admin create-master-key`.",
                fr: "La clé maîtresse doit faire 32 octets en base64 (elle en a \(bytes.count)) ; créez-en une avec `verbatim admin create-master-key`.")
        }
        key = SymmetricKey(data: bytes)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("verbatim master key id".utf8), using: key)
        id = Hex.encode(Data(mac).prefix(8))
    }

    /// A new random master key.
    public static func generate() -> MasterKey {
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key in base64, as the key file and `VERBATIM_MASTER_KEY` hold it.
    public var base64: String { key.withUnsafeBytes { Data($0) }.base64EncodedString() }

    /// A master key from base64 text (surrounding white space ignored).
    public init(base64 text: String) throws {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw EncryptionError(
                .masterKey, "The master key is not base64 text; create one with `verbatim admin create-master-key`.",
                fr: "La clé maîtresse n’est pas un texte en base64 ; créez-en une avec `verbatim admin create-master-key`.")
        }
        try self.init(bytes: bytes)
    }

    /// Reads the key file `url`, which must be readable by its owner only and lie outside `dataFolder`.
    public static func load(file url: URL, dataFolder: URL) throws -> MasterKey {
        let file = url.standardizedFileURL.resolvingSymlinksInPath().path
        let data = dataFolder.standardizedFileURL.resolvingSymlinksInPath().path
        if file == data || file.hasPrefix(data.hasSuffix("/") ? data : data + "/") {
            throw EncryptionError(
                .masterKey, "The master key file \(url.path) lies inside the data folder; keep it elsewhere (a stolen data folder must not hold its key).",
                fr: "Le fichier de clé maîtresse \(url.path) est dans le dossier de données ; gardez-le ailleurs (un dossier de données volé ne doit pas contenir sa clé).")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw EncryptionError(
                .masterKey, "Cannot read the master key file \(url.path); check the path and its permissions.",
                fr: "Impossible de lire le fichier de clé maîtresse \(url.path) ; vérifiez le chemin et ses droits.")
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0o777
        guard mode & 0o077 == 0 else {
            throw EncryptionError(
                .masterKey, "The master key file \(url.path) is readable by other users (mode \(String(mode, radix: 8))); run `chmod 600 \(url.path)`.",
                fr: "Le fichier de clé maîtresse \(url.path) est lisible par d’autres utilisateurs (mode \(String(mode, radix: 8))) ; exécutez `chmod 600 \(url.path)`.")
        }
        return try MasterKey(base64: text)
    }

    /// Writes a new random key to `url` (mode 0600); an existing file is never replaced.
    public static func create(at url: URL) throws -> MasterKey {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw EncryptionError(
                .masterKey, "\(url.path) exists already; a master key is never overwritten (its media would be lost). Choose another path.",
                fr: "\(url.path) existe déjà ; une clé maîtresse n’est jamais écrasée (ses médias seraient perdus). Choisissez un autre chemin.")
        }
        let key = generate()
        do {
            try PrivateFiles.createFile(url)
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data((key.base64 + "\n").utf8))
            try handle.synchronize()
        } catch { throw EncryptionError.io(url.lastPathComponent, error) }
        return key
    }
}
