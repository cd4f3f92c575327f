import Foundation
import Testing

/// A capture as the browser's MediaRecorder sends it: 16 kHz speech encoded by the `ffmpeg`
/// command line to WebM/Opus on a pipe (no index, no duration, as a live recorder writes), then
/// written to the capture's part files in byte slices that end anywhere, mid-packet included.
struct GrowingCapture {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-live-\(UUID().uuidString)/capture-1", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    /// `samples` (16 kHz mono) as a WebM/Opus stream, encoded by `ffmpeg` as a live recorder would.
    static func webm(_ samples: [Float]) throws -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let raw = scratch.appendingPathComponent("in.f32"), out = scratch.appendingPathComponent("out.webm")
        try samples.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: raw)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "ffmpeg -nostdin -v error -f f32le -ar 16000 -ac 1 -i \"$1\" -c:a libopus -b:a 32k -ar 48000 -f webm - > \"$2\"", "sh",
            raw.path, out.path,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("ffmpeg could not encode the capture (status \(process.terminationStatus))") }
        return try Data(contentsOf: out)
    }

    /// The URL of part `index`.
    func part(_ index: Int) -> URL { folder.appendingPathComponent(String(format: "part-%03d.webm", index)) }

    /// Appends `bytes` to part `index`, creating it.
    func append(_ bytes: Data, toPart index: Int) throws {
        let url = part(index)
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
    }

    /// `data` cut in slices of `size` bytes (the last one shorter): slice ends fall anywhere.
    static func slices(_ data: Data, size: Int) -> [Data] {
        stride(from: 0, to: data.count, by: size).map { data.subdata(in: $0..<min(data.count, $0 + size)) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Words of a text, lowercased, without accents or punctuation.
func plainWords(_ text: String) -> [String] {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        .split { !$0.isLetter && !$0.isNumber }.map(String.init)
}
