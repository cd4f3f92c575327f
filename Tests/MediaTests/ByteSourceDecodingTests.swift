import Foundation
import Media
import Testing

/// FFmpeg reading through a ``MediaByteSource`` (custom I/O, as encrypted media are decoded): the
/// same samples as a decode by path for every container, seeks included (an MP4 index at the
/// end), a truncated WAV still reported from its header, and a failing source a typed error.
@Suite("Decoding through a byte source")
struct ByteSourceDecodingTests {
    /// A file's bytes served from memory, counting the bytes read.
    final class MemorySource: MediaByteSource, @unchecked Sendable {
        let data: Data
        var bytesRead = 0
        var failAfter: Int?

        init(_ data: Data, failAfter: Int? = nil) {
            self.data = data
            self.failAfter = failAfter
        }

        var size: Int64 { Int64(data.count) }

        func read(offset: Int64, count: Int) throws -> Data {
            if let failAfter, bytesRead >= failAfter { throw CocoaError(.fileReadCorruptFile) }
            let start = Int(min(offset, size)), end = min(data.count, start + count)
            bytesRead += end - start
            return data.subdata(in: start..<end)
        }
    }

    static func input(_ sample: String, failAfter: Int? = nil) throws -> (MediaInput, MemorySource) {
        let source = MemorySource(try Data(contentsOf: Samples.speech(sample)), failAfter: failAfter)
        return (.bytes(name: sample, open: { source }), source)
    }

    @Test("the same samples as a decode by path", arguments: Samples.recordings + ["derived_fr_picovoice_cheetah_test_fr_norm_part.webm"])
    func sameSamplesAsByPath(sample: String) throws {
        let options = DecodeOptions(keepChannels: true)
        let byPath = try AudioDecoder.decodeAll(url: Samples.speech(sample), options: options)
        let (input, source) = try Self.input(sample)
        let bySource = try AudioDecoder.decodeAll(input: input, options: options)
        #expect(bySource.channels.count == byPath.channels.count)
        #expect(bySource.channels.first?.count == byPath.channels.first?.count)
        #expect(bySource.channels == byPath.channels, "\(sample): samples differ")
        #expect(bySource.report.declaredDuration == byPath.report.declaredDuration)
        #expect(source.bytesRead >= source.data.count / 2, "\(sample): FFmpeg read \(source.bytesRead) of \(source.data.count) bytes")
    }

    @Test func aDecodeFromAStartTimeSeeksInTheSource() throws {
        let sample = "derived_nasa_13013_audio.m4a"
        let options = DecodeOptions(startTime: 4)
        let byPath = try AudioDecoder(url: Samples.speech(sample), options: options)
        let (input, _) = try Self.input(sample)
        let bySource = try AudioDecoder(input: input, options: options)
        let first = try #require(try byPath.nextChunk()), second = try #require(try bySource.nextChunk())
        #expect(first.channels == second.channels)
        #expect(bySource.info.container == byPath.info.container && bySource.stream.codec == byPath.stream.codec)
    }

    @Test func aRedactedCopyFromASourceIsTheOneFromTheFile() throws {
        let sample = "en_commonvoice_651325.mp3"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let redaction = AudioRedaction(spans: [0.5..<1.25, 2.0..<2.4], fill: .tone)
        let byPath = folder.appendingPathComponent("path.flac"), bySource = folder.appendingPathComponent("source.flac")
        let first = try redaction.write(from: Samples.speech(sample), to: byPath)
        let (input, _) = try Self.input(sample)
        let second = try redaction.write(from: input, to: bySource)
        #expect(first.redactedFrames > 0 && second.redactedFrames == first.redactedFrames)
        #expect(try AudioDecoder.decodeAll(url: bySource).channels == AudioDecoder.decodeAll(url: byPath).channels)
    }

    @Test func aTruncatedWAVStillReportsItsDeclaredLength() throws {
        let sample = "damaged_truncated_en_diar_pyannote_sample.wav"
        let byPath = try AudioDecoder.decodeAll(url: Samples.speech(sample))
        let (input, _) = try Self.input(sample)
        let bySource = try AudioDecoder.decodeAll(input: input)
        #expect(byPath.report.isTruncated)
        #expect(bySource.report.isTruncated)
        #expect(bySource.report.declaredDuration == byPath.report.declaredDuration)
    }

    @Test func aSourceThatFailsGivesATypedError() throws {
        // Fails at once: nothing to probe.
        let (never, _) = try Self.input("en_commonvoice_651325.mp3", failAfter: 0)
        #expect(throws: MediaError.self) { try AudioDecoder.decodeAll(input: never) }
        // Fails in the middle (a chunk of encrypted media failing its check): an error, not a shorter decode.
        let (middle, _) = try Self.input("en_jfk_inaugural.flac", failAfter: 400_000)
        do {
            let decoded = try AudioDecoder.decodeAll(input: middle)
            Issue.record("a source failing at 400 kB decoded to \(decoded.channels.first?.count ?? 0) samples")
        } catch {
            #expect(error.kind == .io && error.description.contains("could not be read"), "\(error)")
        }
        // A source that cannot even be opened names the file.
        let refused = MediaInput.bytes(name: "entretien.m4a", open: { throw CocoaError(.fileReadNoPermission) })
        do {
            _ = try AudioDecoder.decodeAll(input: refused)
            Issue.record("a source that cannot open was decoded")
        } catch {
            #expect(error.path == "entretien.m4a")
        }
    }
}
