import Foundation
import Testing
import ZIPFoundation

/// Helpers for export tests: the schemas in samples/, xmllint, and ZIP checks.
enum ExportTestSupport {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples")

    static func schema(_ name: String) -> String { samples.appendingPathComponent("schemas").appendingPathComponent(name).path }

    /// Runs `xmllint --noout --schema SCHEMA FILE`; returns its exit status and messages.
    static func xmllint(_ file: URL, schema: String) throws -> (status: Int32, output: String) {
        try run("/usr/bin/xmllint", ["--noout", "--schema", schema, file.path])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// Reads every entry of the ZIP `data` with ZIPFoundation, which checks each CRC-32 as it
    /// extracts (the exporter writes through ZIPFoundation too: `unzip -t` and Python's
    /// `zipfile` are the independent checks).
    static func readZip(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var entries: [String: Data] = [:]
        for entry in archive {
            var contents = Data()
            let checksum = try archive.extract(entry) { contents.append($0) }
            #expect(checksum == entry.checksum, "bad CRC for \(entry.path)")
            entries[entry.path] = contents
        }
        return entries
    }

    /// Runs Python's `zipfile` integrity check (every CRC-32) on `file`; status 0 when sound.
    static func pythonZipTest(_ file: URL) throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["python3", "-c", "import sys, zipfile; bad = zipfile.ZipFile(sys.argv[1]).testzip(); sys.exit(bad is not None)", file.path])
    }

    /// All values of the attributes named `names` in `xml`.
    static func attributeValues(_ xml: String, names: [String]) -> [String] {
        var values: [String] = []
        for name in names {
            var rest = xml[...]
            let marker = " \(name)=\""
            while let found = rest.range(of: marker) {
                let after = rest[found.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                values.append(String(after[..<end]))
                rest = after[end...]
            }
        }
        return values
    }
}
