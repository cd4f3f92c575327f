import Foundation
import Media
import Testing

@Suite("Damaged and wrong inputs give typed errors")
struct MediaErrorTests {
    /// The kind of ``MediaError`` that `body` throws, or nil if it succeeds or throws another error.
    private func kind(of body: () throws -> Void) -> MediaError.Kind? {
        do {
            try body()
            return nil
        } catch let error as MediaError {
            return error.kind
        } catch {
            return nil
        }
    }

    @Test("an MP4 cut before its index is an incomplete upload")
    func truncatedMP4() {
        let url = Samples.speech("damaged_truncated_video_nasa_13013.mp4")
        #expect(kind { _ = try MediaInfo(probing: url) } == .incompleteFile)
        #expect(kind { _ = try AudioDecoder.decodeAll(url: url) } == .incompleteFile)
    }

    @Test("a truncated WAV decodes what is there and reports the shortfall")
    func truncatedWAV() throws {
        let url = Samples.speech("damaged_truncated_en_diar_pyannote_sample.wav")
        let audio = try AudioDecoder.decodeAll(url: url)
        #expect(abs(audio.duration - 14.998) < 0.01)
        #expect(audio.report.declaredDuration == 30)
        #expect(audio.report.isTruncated)
        #expect(abs(audio.report.shortfall - 15.002) < 0.01)
        // What is there is the start of the complete recording, sample for sample.
        let complete = try AudioDecoder.decodeAll(url: Samples.speech("en_diar_pyannote_sample.wav"))
        #expect(Array(complete.samples.prefix(audio.samples.count)) == audio.samples)
    }

    @Test("a text file is not media")
    func textFile() {
        let url = Samples.root.appendingPathComponent("ATTRIBUTION.md")
        #expect(kind { _ = try MediaInfo(probing: url) } == .notMediaFile)
    }

    @Test("a missing file is reported as such")
    func missingFile() {
        let url = Samples.speech("no-such-recording.wav")
        #expect(kind { _ = try AudioDecoder.decodeAll(url: url) } == .fileNotFound)
    }

    @Test("a file without sound has no audio stream")
    func noAudio() throws {
        let url = Samples.speech("refs/video_nasa_13013.srt")
        let info = try MediaInfo(probing: url)
        #expect(info.streams.map(\.kind) == [.subtitle])
        #expect(kind { _ = try AudioDecoder.decodeAll(url: url) } == .noAudioStream)
    }

    @Test("asking for a video stream as audio names the stream")
    func wrongStream() {
        let url = Samples.speech("video_nasa_13013.mp4")
        #expect(kind { _ = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(streamIndex: 0)) } == .streamNotFound(0))
        #expect(kind { _ = try AudioDecoder.decodeAll(url: url, options: DecodeOptions(streamIndex: 42)) } == .streamNotFound(42))
    }

    @Test("a WAV with an unknown format tag has an unsupported codec")
    func unknownCodec() throws {
        // The first 44 bytes of a real WAV header with its format tag replaced by 0x7A7A.
        var bytes = try Data(contentsOf: Samples.speech("fr_picovoice_cheetah_test_fr_norm.wav"))
        bytes[20] = 0x7A
        bytes[21] = 0x7A
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-unknown-codec-\(UUID()).wav")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        guard case .unsupportedCodec? = kind(of: { _ = try AudioDecoder.decodeAll(url: url) }) else {
            Issue.record("expected unsupportedCodec")
            return
        }
    }

    @Test("a directory is an I/O error, not media")
    func directory() {
        #expect(kind { _ = try MediaInfo(probing: Samples.root) } == .io)
    }

    @Test("error messages name the file and the remedy")
    func messages() {
        let error = MediaError(.incompleteFile, path: "/uploads/interview.mp4")
        #expect(error.description.contains("/uploads/interview.mp4"))
        #expect(error.description.contains("upload the complete file again"))
    }
}
