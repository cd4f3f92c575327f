import Crypto
import Foundation
import Store
import Testing

/// The sealed append format of recordings still arriving, on a real recording sent in pieces of
/// odd sizes: read back exact, cut back at piece boundaries and written again, a half-written
/// record from a killed process ignored, and any changed byte refused.
@Suite("Sealed append files")
struct SealedAppendFileTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples/speech/en_jfk_inaugural.flac")

    struct Fixture {
        let folder: URL
        let key = SymmetricKey(size: .bits256)
        let keyID = Data((0..<16).map { UInt8($0 + 100) })
        let plain: Data
        let url: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-append-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            plain = try Data(contentsOf: SealedAppendFileTests.sample)
            url = folder.appendingPathComponent("upload.bin")
            try SealedAppendFile.create(url, studyKey: key, keyID: keyID)
        }

        func open(writable: Bool = false) throws -> SealedAppendFile {
            let expected = keyID, key = key
            return try SealedAppendFile(url: url, key: { id in
                guard id == expected else { throw EncryptionError(.unknownKey, "no such key", fr: "pas de telle clé") }
                return key
            }, writable: writable)
        }

        func contents() throws -> Data {
            var data = Data()
            try open().read { data.append($0) }
            return data
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Appends `plain[range]` in PATCH-like pieces of odd sizes, flushing at the end.
    static func append(_ fixture: Fixture, _ range: Range<Int>) throws {
        let file = try fixture.open(writable: true)
        var start = range.lowerBound
        var step = 1
        while start < range.upperBound {
            let end = min(range.upperBound, start + step * 7_919)
            try file.append(fixture.plain[start..<end])
            start = end
            step += 1
        }
        try file.flush()
    }

    @Test func piecesReadBackExactAndNothingInClear() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let size = fixture.plain.count
        #expect(size > 3 * SealedAppendFile.recordSize)
        try Self.append(fixture, 0..<size / 3)
        try Self.append(fixture, size / 3..<size)
        #expect(try fixture.open().length == Int64(size))
        #expect(try fixture.contents() == fixture.plain)
        let stored = try Data(contentsOf: fixture.url)
        #expect(stored.prefix(8) == SealedAppendFile.magic)
        #expect(SealedAppendFile.isSealed(fixture.url))
        #expect(!SealedAppendFile.isSealed(Self.sample))
        #expect(EncryptedFileTests.sharedWindows(fixture.plain, stored, width: 32) == 0)
        // The first bytes of the FLAC ("fLaC" and its stream header) appear nowhere.
        #expect(stored.range(of: fixture.plain.prefix(16)) == nil)
    }

    @Test func anyRangeReadsBackExact() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let size = fixture.plain.count
        try Self.append(fixture, 0..<size)
        let file = try fixture.open()
        var generator = SystemRandomNumberGenerator()
        var ranges = [(0, size), (size - 1, 1), (0, 1), (65_535, 2), (7_918, 7_920), (size - 10, 100)]
        for _ in 0..<60 {
            ranges.append((Int.random(in: 0..<size, using: &generator), Int.random(in: 1...200_000, using: &generator)))
        }
        for (start, count) in ranges {
            let expected = fixture.plain.subdata(in: start..<min(size, start + count))
            #expect(try file.read(offset: Int64(start), count: count) == expected, "range \(start)+\(count)")
        }
        #expect(try file.read(offset: Int64(size), count: 10).isEmpty)
    }

    @Test func cutBackAtABoundaryAndWrittenAgain() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = 100_000, second = 180_000
        try Self.append(fixture, 0..<first)
        try Self.append(fixture, first..<second)
        // A refused PATCH: back to where it started, then the same bytes sent again.
        #expect(try fixture.open(writable: true).truncate(to: Int64(first)) == Int64(first))
        #expect(try fixture.open().length == Int64(first))
        try Self.append(fixture, first..<fixture.plain.count)
        #expect(try fixture.contents() == fixture.plain)
        // Between boundaries, the cut goes down to the boundary below (never a half record).
        let kept = try fixture.open(writable: true).truncate(to: Int64(first + 10))
        #expect(kept <= Int64(first + 10) && kept >= Int64(first + 10 - SealedAppendFile.recordSize))
        #expect(try fixture.contents() == fixture.plain.prefix(Int(kept)))
    }

    /// The next PATCH of an upload resumes at the tail the previous one left, without reading
    /// the records again: records go on with the right indexes, a torn record after the tail is
    /// cut off, and a cut below the tail still finds its boundary.
    @Test func aWriterResumedAtItsTailGoesOnExactly() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try Self.append(fixture, 0..<150_000)
        var tail = try fixture.open(writable: true).tail
        let size = try Data(contentsOf: fixture.url).count
        #expect(tail.plainLength == 150_000 && tail.fileLength == UInt64(size))
        // A torn write after the tail (a PATCH that failed mid-record).
        let handle = try FileHandle(forWritingTo: fixture.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x33, count: 900))
        try handle.close()
        let resumed = try SealedAppendFile(url: fixture.url, key: { _ in fixture.key }, writable: true, resumingAt: tail)
        #expect(resumed.length == 150_000)
        try resumed.append(fixture.plain[150_000..<300_000])
        try resumed.flush()
        tail = resumed.tail
        #expect(tail.plainLength == 300_000)
        #expect(try fixture.contents() == fixture.plain.prefix(300_000))
        // A cut below where it resumed (a checksum refused at the start of a PATCH) still lands on a boundary.
        let again = try SealedAppendFile(url: fixture.url, key: { _ in fixture.key }, writable: true, resumingAt: tail)
        #expect(try again.truncate(to: 150_000) == 150_000)
        try again.append(fixture.plain[150_000...])
        try again.flush()
        #expect(try fixture.contents() == fixture.plain)
        // A tail beyond the file (not this file's) is not trusted: the records are read.
        let stale = SealedAppendFile.Tail(plainLength: 9_999_999, fileLength: tail.fileLength * 10, records: 1)
        #expect(try SealedAppendFile(url: fixture.url, key: { _ in fixture.key }, writable: true, resumingAt: stale).length == Int64(fixture.plain.count))
    }

    @Test func aRecordHalfWrittenByAKilledProcessIsIgnoredThenCutOff() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try Self.append(fixture, 0..<150_000)
        let whole = try Data(contentsOf: fixture.url)
        // A second append killed mid-record: some of its bytes reached the disk.
        try Self.append(fixture, 150_000..<160_000)
        let longer = try Data(contentsOf: fixture.url)
        try longer.prefix(whole.count + 5_000).write(to: fixture.url)
        #expect(try fixture.open().length == 150_000)
        #expect(try fixture.contents() == fixture.plain.prefix(150_000))
        // Opened for writing, the tail goes, and appending goes on from the last whole record.
        try Self.append(fixture, 150_000..<fixture.plain.count)
        #expect(try fixture.contents() == fixture.plain)
    }

    @Test func aChangedByteOrAnotherKeyIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        try Self.append(fixture, 0..<200_000)
        var stored = try Data(contentsOf: fixture.url)
        stored[stored.count / 2] ^= 0x01
        try stored.write(to: fixture.url)
        #expect(throws: EncryptionError.self) { try fixture.contents() }
        do {
            _ = try fixture.contents()
        } catch let error as EncryptionError {
            #expect(error.reason == .tampered)
            #expect(error.french.contains("modifié"))
        }
        let other = SymmetricKey(size: .bits256)
        let wrong = try SealedAppendFile(url: fixture.url, key: { _ in other })
        #expect(throws: EncryptionError.self) { try wrong.read { _ in } }
    }

    @Test func twoRecordsSwappedAreRefused() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        // Two records of the same length (the record size), swapped on disk.
        try Self.append(fixture, 0..<2 * SealedAppendFile.recordSize)
        let stored = try Data(contentsOf: fixture.url)
        let header = 48, record = SealedAppendFile.recordSize + 32
        #expect(stored.count == header + 2 * record)
        var swapped = stored.prefix(header)
        swapped.append(stored.subdata(in: header + record..<header + 2 * record))
        swapped.append(stored.subdata(in: header..<header + record))
        try swapped.write(to: fixture.url)
        #expect(try fixture.open().length == Int64(2 * SealedAppendFile.recordSize))
        #expect(throws: EncryptionError.self) { try fixture.contents() }
    }
}
