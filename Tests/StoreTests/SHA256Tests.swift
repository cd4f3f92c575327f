import Foundation
import Testing

@testable import Store

@Suite struct SHA256Tests {
    /// FIPS 180-2 / NIST CAVP vectors: empty, one block, two blocks (56 bytes: padding spills), and 1 000 000 × "a".
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func millionAs() {
        var hasher = SHA256()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(block) }
        let hex = hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalEqualsOneShot() {
        let bytes = (0..<300).map { UInt8($0 % 256) }
        let oneShot = SHA256.hash(bytes)
        // Every split point, through array slices, Data and a non-contiguous sequence.
        for split in [0, 1, 63, 64, 65, 128, 200, 300] {
            var hasher = SHA256()
            hasher.update(bytes[0..<split])
            hasher.update(Data(bytes[split...]))
            #expect(hasher.finalize() == oneShot, "split at \(split)")
        }
        var lazy = SHA256()
        lazy.update((0..<300).lazy.map { UInt8($0 % 256) })
        #expect(lazy.finalize() == oneShot)
    }
}
