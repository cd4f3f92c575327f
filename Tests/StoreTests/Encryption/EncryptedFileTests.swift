import Crypto
import Foundation
import Store
import Testing

/// The chunked AES-GCM format on real recordings: ranges read back exact, and every change on
/// disk (a byte, an order, a length) refused with a typed error in both languages.
@Suite("Encrypted files")
struct EncryptedFileTests {
    static let speech = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples/speech")

    /// A folder, a study key and its id, and the encrypted copy of `sample` with `chunkSize`.
    struct Fixture {
        let folder: URL
        let key = SymmetricKey(size: .bits256)
        let keyID = Data((0..<16).map { UInt8($0) })
        let plain: Data
        let sealed: URL

        init(sample: String, chunkSize: Int = EncryptedFileFormat.defaultChunkSize) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-enc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let source = speech.appendingPathComponent(sample)
            plain = try Data(contentsOf: source)
            sealed = folder.appendingPathComponent("sealed.bin")
            try EncryptedFileWriter.encrypt(source, to: sealed, studyKey: key, keyID: keyID, chunkSize: chunkSize)
        }

        func open(_ url: URL? = nil) throws -> EncryptedFileReader {
            let expected = keyID, key = key
            return try EncryptedFileReader(url: url ?? sealed) { id in
                guard id == expected else { throw EncryptionError(.unknownKey, "no such key", fr: "pas de telle clé") }
                return key
            }
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test(arguments: ["en_jfk_inaugural.flac", "en_commonvoice_651325.mp3", "derived_nasa_13013_audio.m4a"])
    func rangesReadBackExactly(sample: String) throws {
        let fixture = try Fixture(sample: sample)
        defer { fixture.cleanUp() }
        let reader = try fixture.open()
        #expect(reader.size == Int64(fixture.plain.count))
        // No 64-byte window of the recording appears in the stored file, which starts with no container magic.
        let stored = try Data(contentsOf: fixture.sealed)
        #expect(stored.prefix(8) == EncryptedFileFormat.magic)
        #expect(Self.sharedWindows(fixture.plain, stored, width: 64) == 0)
        var generator = SystemRandomNumberGenerator()
        let size = fixture.plain.count
        // Whole, the first and last byte, across the first chunk boundary, one whole chunk, the tail.
        var ranges = [(0, size), (size - 1, 1), (0, 1), (65_535, 2), (65_536, 65_536), (max(0, size - 70_000), 70_000)]
            .filter { $0.0 < size }
        for _ in 0..<40 {
            let start = Int.random(in: 0..<size, using: &generator)
            ranges.append((start, Int.random(in: 1...300_000, using: &generator)))
        }
        for (start, count) in ranges {
            let got = try reader.read(offset: Int64(start), count: count)
            #expect(got == fixture.plain.subdata(in: start..<min(size, start + count)), "range \(start) +\(count)")
        }
        let copy = fixture.folder.appendingPathComponent("plain.out")
        try reader.decrypt(to: copy)
        #expect(try Data(contentsOf: copy) == fixture.plain)
    }

    @Test func emptyAndExactMultipleFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = SymmetricKey(size: .bits256), id = Data(repeating: 7, count: 16)
        for length in [0, 1, 1024, 4096, 4097] {
            let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let url = folder.appendingPathComponent("f\(length)")
            let writer = try EncryptedFileWriter(creating: url, studyKey: key, keyID: id, chunkSize: 1024)
            // Written in odd pieces, across chunk boundaries.
            var offset = 0
            while offset < length {
                let end = min(length, offset + 333)
                try writer.write(bytes.subdata(in: offset..<end))
                offset = end
            }
            try writer.finish()
            let reader = try EncryptedFileReader(url: url) { _ in key }
            #expect(reader.size == Int64(length))
            #expect(try reader.read(offset: 0, count: length + 10) == bytes)
        }
    }

    @Test func aFlippedByteIsRefused() throws {
        let fixture = try Fixture(sample: "en_jfk_inaugural.flac")
        defer { fixture.cleanUp() }
        var bytes = try Data(contentsOf: fixture.sealed)
        let position = EncryptedFileFormat.headerSize + 3 * (EncryptedFileFormat.defaultChunkSize + 16) + 100
        bytes[position] ^= 0x01
        try bytes.write(to: fixture.sealed)
        let reader = try fixture.open()  // the final chunk is intact
        #expect(try reader.read(offset: 0, count: 1000).count == 1000)  // chunks before it still read
        let error = try Self.refusal { _ = try reader.read(offset: 3 * 65_536 + 50, count: 100) }
        #expect(error.reason == .tampered)
        #expect(error.message.contains("chunk 3") && error.french.contains("bloc 3"))
    }

    @Test func swappedChunksAreRefused() throws {
        let fixture = try Fixture(sample: "en_jfk_inaugural.flac")
        defer { fixture.cleanUp() }
        var bytes = try Data(contentsOf: fixture.sealed)
        let stride = EncryptedFileFormat.defaultChunkSize + 16, header = EncryptedFileFormat.headerSize
        let first = bytes.subdata(in: header + stride..<header + 2 * stride)
        let second = bytes.subdata(in: header + 2 * stride..<header + 3 * stride)
        bytes.replaceSubrange(header + stride..<header + 2 * stride, with: second)
        bytes.replaceSubrange(header + 2 * stride..<header + 3 * stride, with: first)
        try bytes.write(to: fixture.sealed)
        let reader = try fixture.open()
        #expect(try Self.refusal { _ = try reader.read(offset: 65_536, count: 10) }.reason == .tampered)
        #expect(try Self.refusal { _ = try reader.read(offset: 2 * 65_536, count: 10) }.reason == .tampered)
    }

    @Test func truncatedFilesAreRefused() throws {
        let fixture = try Fixture(sample: "en_jfk_inaugural.flac")
        defer { fixture.cleanUp() }
        let bytes = try Data(contentsOf: fixture.sealed)
        let stride = EncryptedFileFormat.defaultChunkSize + 16, header = EncryptedFileFormat.headerSize
        // Cut at a chunk boundary (whole chunks dropped), and in the middle of a chunk.
        for length in [header + 2 * stride, header + 2 * stride + 500, header + 10, 20] {
            let cut = fixture.folder.appendingPathComponent("cut-\(length)")
            try bytes.prefix(length).write(to: cut)
            let error = try Self.refusal { _ = try fixture.open(cut) }
            #expect([.truncated, .tampered, .notEncrypted].contains(error.reason), "\(length): \(error)")
            if length == header + 2 * stride { #expect(error.reason == .truncated) }
            #expect(!error.french.isEmpty && error.french != error.message)
        }
        // A changed header (chunk size) fails every chunk.
        var header2 = bytes
        header2[14] ^= 0x10
        try header2.write(to: fixture.sealed)
        #expect(throws: EncryptionError.self) { _ = try fixture.open() }
    }

    @Test func aPlainFileIsNotTakenForAnEncryptedOne() throws {
        let sample = Self.speech.appendingPathComponent("en_jfk_inaugural.flac")
        #expect(!EncryptedFileFormat.isEncrypted(sample))
        let error = try Self.refusal { _ = try EncryptedFileReader(url: sample) { _ in SymmetricKey(size: .bits256) } }
        #expect(error.reason == .notEncrypted)
    }

    /// The ``EncryptionError`` `body` throws.
    static func refusal(_ body: () throws -> Void) throws -> EncryptionError {
        do { try body() } catch let error as EncryptionError { return error }
        throw EncryptionError(.io, "expected an EncryptionError", fr: "une EncryptionError était attendue")
    }

    /// How many of `plain`'s windows of `width` bytes (taken every `width` bytes) occur in `stored`.
    static func sharedWindows(_ plain: Data, _ stored: Data, width: Int) -> Int {
        var windows = Set<Data>()
        var offset = 0
        while offset + width <= plain.count {
            windows.insert(plain.subdata(in: offset..<offset + width))
            offset += width
        }
        #expect(windows.count > 10)
        // Every window of `stored`, at every offset, looked up among the plain ones.
        var found = 0
        let bytes = [UInt8](stored)
        var index = 0
        while index + width <= bytes.count {
            if windows.contains(Data(bytes[index..<index + width])) { found += 1 }
            index += 1
        }
        return found
    }
}
