import Foundation
import Testing
import ZIPFoundation

@testable import Biometrics

/// ZIP bombs built here: a dynamic-Huffman DEFLATE stream of one zero and then runs of 258 zeros
/// at distance 1, two bits a run (≈ 1030:1), wrapped in ZIPs whose headers may lie.
@Suite(.serialized) struct ZipBombTests {
    /// Writes DEFLATE bits: header fields least significant bit first, Huffman codes most
    /// significant bit first.
    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer = 0
        var count = 0

        mutating func bits(_ value: Int, _ width: Int) {
            for i in 0..<width { bit((value >> i) & 1) }
        }

        mutating func code(_ code: Int, _ length: Int) {
            for i in (0..<length).reversed() { bit((code >> i) & 1) }
        }

        mutating func bit(_ b: Int) {
            buffer |= b << count
            count += 1
            if count == 8 { flush() }
        }

        mutating func flush() {
            bytes.append(UInt8(buffer))
            buffer = 0
            count = 0
        }

        /// Appends `n` zero bits quickly (whole zero bytes once aligned).
        mutating func zeros(_ n: Int) {
            var left = n
            while left > 0, count != 0 { bit(0); left -= 1 }
            bytes.append(contentsOf: repeatElement(0, count: left / 8))
            for _ in 0..<(left % 8) { bit(0) }
        }
    }

    /// A raw DEFLATE stream inflating to `1 + 258 * runs` zero bytes.
    static func zeroBomb(runs: Int) -> [UInt8] {
        var w = BitWriter()
        w.bits(1, 1)  // final block
        w.bits(2, 2)  // dynamic Huffman
        w.bits(286 - 257, 5)
        w.bits(1 - 1, 5)
        w.bits(18 - 4, 4)
        // Code-length code: 18 → "0", 1 → "10", 2 → "11".
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1]
        for symbol in order { w.bits(symbol == 18 ? 1 : symbol == 1 || symbol == 2 ? 2 : 0, 3) }
        // Literal/length lengths: 0 → 2, 256 → 2, 285 → 1, the rest 0; one distance code of length 1.
        w.code(3, 2)
        w.code(0, 1); w.bits(138 - 11, 7)
        w.code(0, 1); w.bits(117 - 11, 7)
        w.code(3, 2)
        w.code(0, 1); w.bits(28 - 11, 7)
        w.code(2, 2)
        w.code(2, 2)
        // Codes: 285 → "0", 0 → "10", 256 → "11"; distance 0 → "0".
        w.code(2, 2)
        w.zeros(2 * runs)
        w.code(3, 2)
        if w.count > 0 { w.flush() }
        return w.bytes
    }

    /// A ZIP whose members are `deflated` with the declared sizes and CRC given (CRC 0 by
    /// default: a bomb never gets as far as the CRC check).
    static func zip(_ members: [(name: String, deflated: [UInt8], declaredSize: Int)], crc: UInt32 = 0) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        func le(_ value: Int, _ width: Int, _ into: inout [UInt8]) {
            for i in 0..<width { into.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
        }
        for member in members {
            let offset = out.count, name = Array(member.name.utf8)
            le(0x0403_4B50, 4, &out); le(20, 2, &out); le(0, 2, &out); le(8, 2, &out); le(0, 4, &out)
            le(Int(crc), 4, &out); le(member.deflated.count, 4, &out); le(member.declaredSize, 4, &out)
            le(name.count, 2, &out); le(0, 2, &out)
            out += name + member.deflated
            le(0x0201_4B50, 4, &directory); le(20, 2, &directory); le(20, 2, &directory); le(0, 2, &directory)
            le(8, 2, &directory); le(0, 4, &directory); le(Int(crc), 4, &directory)
            le(member.deflated.count, 4, &directory); le(member.declaredSize, 4, &directory)
            le(name.count, 2, &directory); le(0, 2, &directory); le(0, 2, &directory); le(0, 2, &directory)
            le(0, 2, &directory); le(0, 4, &directory); le(offset, 4, &directory)
            directory += name
        }
        let directoryOffset = out.count
        out += directory
        le(0x0605_4B50, 4, &out); le(0, 2, &out); le(0, 2, &out); le(members.count, 2, &out); le(members.count, 2, &out)
        le(directory.count, 4, &out); le(directoryOffset, 4, &out); le(0, 2, &out)
        return out
    }

    /// 512 MiB of zeros (+ 1 byte) from 520 KB, as in issue 14.
    static let runs512MiB = (512 << 20) / 258
    static let bomb512MiB = zeroBomb(runs: runs512MiB)

    /// The process's peak resident memory in bytes (VmHWM).
    static func peakResidentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kilobytes = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        return kilobytes * 1024
    }

    /// Writes `bytes` to a fresh temporary `.zip` file.
    static func temporaryZip(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).zip")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func theE4ImporterRefusesABombWhoseHeaderUnderstatesItsSize() throws {
        let url = try Self.temporaryZip(Self.zip([("HR.csv", Self.bomb512MiB, 1000)]))
        defer { try? FileManager.default.removeItem(at: url) }
        let before = try Self.peakResidentBytes()
        let error = try #require(throws: ImportError.self) { try EmpaticaE4Importer().read(url) }
        #expect(error.file == "\(url.path)/HR.csv")
        #expect(error.reason == .unsupported)
        #expect(error.message.contains("unpack it and import the folder"))
        #expect(try Self.peakResidentBytes() - before < 128 << 20)
    }

    @Test func theE4ImporterStopsAMemberPastTheRatioLimitWhileInflating() throws {
        // Padding after the stream makes the declared ratio plausible (≈ 190:1); the bytes
        // actually produced per byte read (≈ 1030:1) give it away after the first 4 MiB.
        let padded = Self.bomb512MiB + [UInt8](repeating: 0x55, count: 700_000)
        let url = try Self.temporaryZip(Self.zip([("EDA.csv", padded, 230 << 20)]))
        defer { try? FileManager.default.removeItem(at: url) }
        let before = try Self.peakResidentBytes()
        let error = try #require(throws: ImportError.self) { try EmpaticaE4Importer().read(url) }
        #expect(error.file == "\(url.path)/EDA.csv")
        #expect(error.reason == .unsupported)
        #expect(error.message.contains("more than 200:1"))
        #expect(try Self.peakResidentBytes() - before < 128 << 20)
    }

    /// The CRC-32 of `count` zero bytes, from ZIPFoundation (zlib).
    static func zerosCRC(_ count: Int) -> UInt32 { Data(count: count).crc32(checksum: 0) }

    /// Limits with only `member` or `archive` bounded.
    static func limits(member: Int = .max, archive: Int = .max) -> ZipArchive.Limits {
        ZipArchive.Limits(maxMemberSize: member, maxArchiveSize: archive, maxRatio: .max, ratioGrace: .max)
    }

    @Test func theWearableLimitsAreThoseOfIssue14() {
        let limits = ZipArchive.Limits.wearableExport
        #expect(limits.maxMemberSize == 256 << 20)
        #expect(limits.maxArchiveSize == 1 << 30)
        #expect(limits.maxRatio == 200)
        #expect(limits.ratioGrace == 4 << 20)
    }

    @Test func theBuiltBombIsAValidDeflateStream() throws {
        let size = 1 + 258 * 4000
        var zip = try ZipArchive(bytes: Self.zip([("z.csv", Self.zeroBomb(runs: 4000), size)], crc: Self.zerosCRC(size)), file: "z.zip")
        let output = try zip.contents(of: zip.entries[0])
        #expect(output.count == size)
        #expect(output.allSatisfy { $0 == 0 })
        #expect(Self.bomb512MiB.count < 530_000)
    }

    @Test func stopsAMemberAtTheMemberLimitCountedOnBytesProduced() throws {
        // The header tells the truth; the member is simply larger than allowed.
        let size = 1 + 258 * 4000
        var zip = try ZipArchive(
            bytes: Self.zip([("ACC.csv", Self.zeroBomb(runs: 4000), size)], crc: Self.zerosCRC(size)), file: "e4.zip",
            limits: Self.limits(member: 100_000))
        let error = try #require(throws: ImportError.self) { try zip.contents(of: zip.entries[0]) }
        #expect(error.file == "e4.zip/ACC.csv")
        #expect(error.reason == .unsupported)
        #expect(error.message.contains("past the limit of 100000 bytes"))
        #expect(error.message.contains("unpack it and import the folder"))
    }

    @Test func stopsAMemberWhoseHeaderUnderstatesItsSize() throws {
        let before = try Self.peakResidentBytes()
        var zip = try ZipArchive(bytes: Self.zip([("BVP.csv", Self.bomb512MiB, 1000)]), file: "e4.zip")
        let error = try #require(throws: ImportError.self) { try zip.contents(of: zip.entries[0]) }
        #expect(error.file == "e4.zip/BVP.csv")
        #expect(error.reason == .unsupported)
        #expect(error.message.contains("inflates past its declared 1000 bytes"))
        #expect(try Self.peakResidentBytes() - before < 128 << 20)
    }

    @Test func stopsAnArchiveAtTheArchiveLimitCountedOnBytesProduced() throws {
        // Three honest members of 258 001 bytes; the archive may produce 600 000.
        let size = 1 + 258 * 1000
        let members = (1...3).map { ("part\($0).csv", Self.zeroBomb(runs: 1000), size) }
        var zip = try ZipArchive(bytes: Self.zip(members, crc: Self.zerosCRC(size)), file: "big.zip", limits: Self.limits(archive: 600_000))
        #expect(try zip.contents(of: zip.entries[0]).count == size)
        #expect(try zip.contents(of: zip.entries[1]).count == size)
        let error = try #require(throws: ImportError.self) { try zip.contents(of: zip.entries[2]) }
        #expect(error.file == "big.zip/part3.csv")
        #expect(error.reason == .unsupported)
        #expect(error.message.contains("limit of 600000 bytes for one archive"))
    }

    @Test func aStreamCutAtTheEndOfTheFileIsATypedErrorNotAHang() throws {
        // A stored block announcing 65 535 bytes, holding 40, in the last member: zlib asks for
        // more input at the end of the file (where ZIPFoundation 0.9.20 on Linux would loop).
        let stream: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + [UInt8](repeating: 0x41, count: 40)
        var zip = try ZipArchive(bytes: Self.zip([("TEMP.csv", stream, 65_535)]), file: "cut.zip")
        let error = try #require(throws: ImportError.self) { try zip.contents(of: zip.entries[0]) }
        #expect(error.file == "cut.zip/TEMP.csv")
        #expect(error.reason == .truncated)
        // ZIPFoundation 0.9.20 hands zlib its whole read buffer, past the end of the file, so
        // how many bytes come out before the cut varies: only the declared size is certain.
        #expect(error.message.contains("of its 65535 bytes: the archive is truncated or damaged"))
    }
}
