import Foundation
import Testing

@testable import Biometrics

@Suite struct ZipArchiveTests {
    @Test func readsStoredMembers() throws {
        var zip = try ZipArchive(url: Samples.fixture("stored.zip"))
        #expect(zip.entries.map(\.path) == ["a/hello.txt", "b.txt"])
        #expect(!zip.entries[0].isCompressed)
        #expect(String(decoding: try zip.contents(of: zip.entries[0]), as: UTF8.self) == "hello, stored\n")
        #expect(try zip.contents(of: zip.entries[1]).isEmpty)
    }

    @Test func inflatesDeflatedMembersIdenticallyToTheFolder() throws {
        var zip = try ZipArchive(url: Samples.fixture("empatica_e4_flirt.zip"))
        #expect(zip.entries.count == 8)
        for entry in zip.entries {
            #expect(entry.isCompressed)
            let inflated = try zip.contents(of: entry)
            let original = [UInt8](try Data(contentsOf: Samples.sample("empatica_e4_flirt/\(entry.name)")))
            #expect(inflated == original, "\(entry.name)")
        }
    }

    /// Where `name`'s data starts in a ZIP (after its local header and extra field).
    static func dataOffset(of name: String, in bytes: [UInt8]) throws -> Int {
        let needle = Array(name.utf8)
        let at = try #require((30..<(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        let extra = Int(bytes[at - 2]) | Int(bytes[at - 1]) << 8
        return at + needle.count + extra
    }

    @Test func rejectsCorruptedDataWithATypedError() throws {
        var bytes = [UInt8](try Data(contentsOf: Samples.fixture("empatica_e4_flirt.zip")))
        bytes[try Self.dataOffset(of: "BVP.csv", in: bytes) + 200] ^= 0x55
        var damaged = try ZipArchive(bytes: bytes, file: "e4.zip")
        let entry = try #require(damaged.entries.first { $0.name == "BVP.csv" })
        let error = try #require(throws: ImportError.self) { try damaged.contents(of: entry) }
        #expect(error.file == "e4.zip/BVP.csv")
        #expect(error.reason == .malformed)
    }

    @Test func rejectsATruncatedArchiveAndANonArchive() throws {
        let truncated = [UInt8](try Data(contentsOf: Samples.fixture("empatica_e4_flirt.zip")).prefix(50_000))
        #expect { try ZipArchive(bytes: truncated, file: "cut.zip") } throws: { ($0 as? ImportError)?.reason == .truncated }
        #expect { try ZipArchive(bytes: Array("not a zip at all, just text that is long enough".utf8), file: "x.zip") } throws: {
            ($0 as? ImportError)?.reason == .wrongFormat
        }
    }

    @Test func rejectsAnInvalidDeflateBlockType() throws {
        var zip = try ZipArchive(bytes: ZipBombTests.zip([("HR.csv", [0x07], 10)]), file: "e4.zip")
        let error = try #require(throws: ImportError.self) { try zip.contents(of: zip.entries[0]) }
        #expect(error.reason == .malformed)
        #expect(error.message.contains("cannot inflate"))
    }
}
