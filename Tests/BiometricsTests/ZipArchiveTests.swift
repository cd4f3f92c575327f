import Foundation
import Testing

@testable import Biometrics

@Suite struct ZipArchiveTests {
    @Test func readsStoredMembers() throws {
        let zip = try ZipArchive(url: Samples.fixture("stored.zip"))
        #expect(zip.entries.map(\.path) == ["a/hello.txt", "b.txt"])
        #expect(zip.entries[0].method == 0)
        #expect(String(decoding: try zip.contents(of: zip.entries[0]), as: UTF8.self) == "hello, stored\n")
        #expect(try zip.contents(of: zip.entries[1]).isEmpty)
    }

    @Test func inflatesDeflatedMembersIdenticallyToTheFolder() throws {
        let zip = try ZipArchive(url: Samples.fixture("empatica_e4_flirt.zip"))
        #expect(zip.entries.count == 8)
        for entry in zip.entries {
            #expect(entry.method == 8)
            let inflated = try zip.contents(of: entry)
            let original = [UInt8](try Data(contentsOf: Samples.sample("empatica_e4_flirt/\(entry.name)")))
            #expect(inflated == original, "\(entry.name)")
        }
    }

    @Test func rejectsCorruptedDataWithATypedError() throws {
        var bytes = [UInt8](try Data(contentsOf: Samples.fixture("empatica_e4_flirt.zip")))
        let zip = try ZipArchive(bytes: bytes, file: "e4.zip")
        let entry = zip.entries.first { $0.name == "BVP.csv" }!
        bytes[entry.localHeaderOffset + 30 + entry.name.utf8.count + 200] ^= 0x55
        let damaged = try ZipArchive(bytes: bytes, file: "e4.zip")
        #expect(throws: ImportError.self) { try damaged.contents(of: entry) }
    }

    @Test func rejectsATruncatedArchiveAndANonArchive() {
        let truncated = [UInt8](try! Data(contentsOf: Samples.fixture("empatica_e4_flirt.zip")).prefix(50_000))
        #expect { try ZipArchive(bytes: truncated, file: "cut.zip") } throws: { ($0 as? ImportError)?.reason == .truncated }
        #expect { try ZipArchive(bytes: Array("not a zip at all, just text that is long enough".utf8), file: "x.zip") } throws: {
            ($0 as? ImportError)?.reason == .wrongFormat
        }
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func inflateRejectsInvalidBlockType() {
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([0x07]) }
    }
}
