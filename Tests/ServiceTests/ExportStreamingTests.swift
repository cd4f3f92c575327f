import Foundation
import Service
import Store
import Testing
import ZIPFoundation

/// A REFI-QDA export of a study with a large recording, downloaded by `curl` to a file: the
/// archive is valid, its media entry is the recording byte for byte, and the server builds it on
/// disk and removes it once sent. The server's memory during such an export is measured by
/// `bench/service` (a separate server process, a 1 GB recording), not here: this process's peak
/// counts every suite running beside this one.
@Suite(.serialized) struct ExportStreamingTests {
    /// The size of the generated recording: 50 MB of 16-bit PCM.
    static let mediaBytes = 50_000_000

    /// Writes a mono 16 kHz 16-bit WAV of `dataBytes` bytes of a sweeping tone, 1 MB at a time.
    static func writeWAV(to url: URL, dataBytes: Int) throws {
        func le(_ value: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var header = Array("RIFF".utf8) + le(36 + dataBytes, 4) + Array("WAVEfmt ".utf8)
        header += le(16, 4) + le(1, 2) + le(1, 2) + le(16_000, 4) + le(32_000, 4) + le(2, 2) + le(16, 2)
        header += Array("data".utf8) + le(dataBytes, 4)
        FileManager.default.createFile(atPath: url.path, contents: Data(header))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        var sample = 0
        var written = 0
        while written < dataBytes {
            let count = min(1 << 20, dataBytes - written)
            var chunk = [UInt8](repeating: 0, count: count)
            for i in stride(from: 0, to: count - 1, by: 2) {
                let value = Int(8000 * sin(Double(sample) * Double(sample % 16_000) * 1e-7))
                chunk[i] = UInt8(truncatingIfNeeded: value)
                chunk[i + 1] = UInt8(truncatingIfNeeded: value >> 8)
                sample += 1
            }
            try handle.write(contentsOf: chunk)
            written += count
        }
    }

    /// Runs a program to its end without blocking a thread of the cooperative pool.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, output)
    }

    @Test func qdpxWithA50MBRecordingIsBuiltOnDiskAndValid() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let study: Study = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Large media"]).json()
        let media = server.dataDirectory.appendingPathComponent("media/long-interview.wav")
        try Self.writeWAV(to: media, dataBytes: Self.mediaBytes)
        let recording = try await server.store.addRecording(
            Recording(
                studyID: study.id!, title: "Long interview", mediaPath: media.path, fileHash: String(repeating: "0", count: 64),
                container: "wav", audioChannels: 1, duration: Double(Self.mediaBytes) / 32_000))
        _ = try await server.store.addTranscript(
            recordingID: recording.id!,
            TranscriptInput(
                engine: "human", model: "", language: "fr",
                segments: [SegmentInput(start: 0, end: 2, speakerLabel: "SPEAKER_00", text: "Bonjour.")]))

        let download = server.dataDirectory.appendingPathComponent("download.qdpx")
        let curl = try await Self.run(
            "/usr/bin/curl",
            [
                "-sS", "-o", download.path, "-w", "%{http_code} %{content_type}", "-H", "Authorization: Bearer \(server.adminToken)",
                "\(server.baseURL.absoluteString)/studies/\(study.id!)/export?format=qdpx",
            ])
        #expect(curl.status == 0, "\(curl.output)")
        #expect(curl.output == "200 application/zip")

        // Python's zipfile checks every CRC and compares the media entry with the recording.
        let check = """
            import hashlib, sys, zipfile
            archive = zipfile.ZipFile(sys.argv[1])
            assert archive.testzip() is None, "bad CRC"
            names = [n for n in archive.namelist() if n.endswith(".wav")]
            assert len(names) == 1, names
            digest = hashlib.sha256()
            with archive.open(names[0]) as entry:
                for chunk in iter(lambda: entry.read(1 << 20), b""): digest.update(chunk)
            original = hashlib.sha256()
            with open(sys.argv[2], "rb") as media:
                for chunk in iter(lambda: media.read(1 << 20), b""): original.update(chunk)
            assert digest.hexdigest() == original.hexdigest(), "media entry differs"
            assert "project.qde" in archive.namelist()
            print("ok", archive.getinfo(names[0]).file_size)
            """
        let python = try await Self.run("/usr/bin/env", ["python3", "-c", check, download.path, media.path])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok \(Self.mediaBytes + 44)")

        // ZIPFoundation reads it back too: the media entry, streamed, equals the recording.
        let archive = try Archive(url: download, accessMode: .read)
        let entry = try #require(archive.first { $0.path.hasSuffix(".wav") })
        #expect(entry.uncompressedSize == UInt64(Self.mediaBytes + 44))
        let original = try FileHandle(forReadingFrom: media)
        defer { try? original.close() }
        var identical = true
        let checksum = try archive.extract(entry, bufferSize: 1 << 20) { chunk in
            if try original.read(upToCount: chunk.count) != chunk { identical = false }
        }
        #expect(identical)
        #expect((try original.read(upToCount: 1) ?? Data()).isEmpty, "the entry is shorter than the recording")
        #expect(checksum == entry.checksum)
        // The temporary export is deleted once its body is written.
        let temporary = server.backend.configuration.temporaryDirectory.path
        var polls = 0
        while try !FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, polls < 50 {
            try await Task.sleep(for: .milliseconds(100))
            polls += 1
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
    }
}
