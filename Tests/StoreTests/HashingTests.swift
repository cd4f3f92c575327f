import Foundation
import Testing

@testable import Store

/// SHA-256 (swift-crypto) as the store writes it, and the one hex encoder.
@Suite struct HashingTests {
    /// FIPS 180-2 vectors: empty, one block, two blocks (56 bytes: padding spills).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(Hashing.sha256Hex(Array(input.utf8)) == digest)
        #expect(Hashing.sha256Hex(Data(input.utf8)) == digest)
    }

    @Test func hexRoundTrips() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "00017f80abff")
        #expect(Hex.decode("00017f80abff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("AB") == nil, "upper case is not what the store writes")
    }
}
