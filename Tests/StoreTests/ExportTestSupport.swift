import Foundation
import Testing

/// Helpers for export tests: the schemas in samples/, xmllint, and an independent ZIP reader.
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

    /// Reads a ZIP of stored entries by walking its local headers, checking each CRC-32 bit by bit
    /// (a second implementation, independent of the exporter's table-driven one).
    static func readStoredZip(_ data: Data) throws -> [String: Data] {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        var entries: [String: Data] = [:]
        var offset = 0
        while offset + 30 <= bytes.count, u32(offset) == 0x0403_4b50 {
            #expect(u16(offset + 8) == 0, "entry is not stored")
            let crc = u32(offset + 14)
            let size = Int(u32(offset + 18))
            let nameLength = u16(offset + 26)
            let extraLength = u16(offset + 28)
            let name = String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self)
            let start = offset + 30 + nameLength + extraLength
            let contents = Array(bytes[start..<start + size])
            #expect(bitwiseCRC32(contents) == crc, "bad CRC for \(name)")
            entries[name] = Data(contents)
            offset = start + size
        }
        #expect(u32(offset) == 0x0201_4b50, "central directory expected after the entries")
        return entries
    }

    static func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
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
