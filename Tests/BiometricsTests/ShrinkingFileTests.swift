import Foundation
import Testing

@testable import Biometrics

#if canImport(Glibc)
    import Glibc
#endif

/// A wearable's sync tool may rewrite its export while Verbatim reads it. A memory-mapped file
/// that shrinks turns the next access to the lost pages into SIGBUS, which kills the worker or
/// the server: the importers read files into memory instead.
@Suite struct ShrinkingFileTests {
    @Test func aFileShortenedAfterItWasReadKeepsItsBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-shrink-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let row = Array("2019-06-11T19:03:45Z,72.5\n".utf8)
        let rows = 80_000
        try Data((0..<rows).flatMap { _ in row }).write(to: url)
        let data = try TextFile.contents(url)
        // Another process cuts the file to nothing; with a mapping, reading `data` now raises SIGBUS.
        #expect(truncate(url.path, 0) == 0)
        var newlines = 0
        for byte in data where byte == UInt8(ascii: "\n") { newlines += 1 }
        #expect(data.count == rows * row.count)
        #expect(newlines == rows)
    }

    @Test func everyImporterReadsThroughTextFileContents() throws {
        // The importers that once mapped their files (CSV, EDF, WFDB) now call `TextFile.contents`;
        // a mapped read anywhere in the module would show here.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Biometrics")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(".alwaysMapped") && !text.contains(".mappedIfSafe") && !text.contains("mmap("), "\(file) maps a file")
        }
    }
}
