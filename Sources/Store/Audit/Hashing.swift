import Crypto
import Foundation

/// SHA-256 as the store uses it (file hashes, the audit chain, token hashes), from swift-crypto.
public enum Hashing {
    /// The lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}
