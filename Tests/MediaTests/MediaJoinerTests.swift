import Foundation
import Testing

@testable import Media

/// Joining the parts a browser recorder produced (WebM/Opus without duration or index, as
/// MediaRecorder writes them) by copying packets.
@Suite struct MediaJoinerTests {
    let first = Samples.speech("derived_fr_commonvoice_picovoice_test_fr_part.webm")
    let second = Samples.speech("derived_fr_picovoice_cheetah_test_fr_norm_part.webm")

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("joiner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Decoded seconds at 16 kHz, by the `ffmpeg` command line (an independent decoder).
    func seconds(_ url: URL) throws -> Double {
        Double(try Samples.ffmpegDecode(url, stream: 0, mono: true)[0].count) / 16_000
    }

    @Test func twoPartsBecomeOneFileWhoseDurationIsTheirSum() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let joined = try MediaJoiner.join([first, second], into: out.appendingPathComponent("interview"))
        #expect(joined.format == "webm")
        #expect(joined.url.pathExtension == "webm")
        let expected = try seconds(first) + seconds(second)
        let decoded = try seconds(joined.url)
        #expect(abs(decoded - expected) < 0.08, "decoded \(decoded) s, parts sum \(expected) s")
        #expect(abs(joined.duration - expected) < 0.08)
        // The joined file now declares its duration (the recorder's parts did not).
        let info = try MediaInfo(probing: joined.url)
        #expect(abs((info.duration ?? 0) - expected) < 0.1)
        #expect(joined.packetsPerPart.count == 2 && joined.packetsPerPart.allSatisfy { $0 > 50 })
    }

    @Test func theSecondPartStartsWhereTheFirstEnds() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let joined = try MediaJoiner.join([first, second], into: out.appendingPathComponent("interview"))
        let audio = try Samples.ffmpegDecode(joined.url, stream: 0, mono: true)[0]
        let secondAlone = try Samples.ffmpegDecode(second, stream: 0, mono: true)[0]
        // The tail of the join is the second part: compare energy envelopes of its last second.
        func energy(_ samples: ArraySlice<Float>) -> Double { samples.reduce(0) { $0 + Double($1 * $1) } / Double(samples.count) }
        let tail = energy(audio.suffix(16_000)), alone = energy(secondAlone.suffix(16_000))
        #expect(abs(tail - alone) / max(alone, 1e-9) < 0.05, "tail energy \(tail) vs part \(alone)")
    }

    @Test func aPartCutMidWriteGivesWhatCanBeRead() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let bytes = try Data(contentsOf: second)
        let cut = out.appendingPathComponent("cut.webm")
        try bytes.prefix(bytes.count * 6 / 10).write(to: cut)
        let joined = try MediaJoiner.join([first, cut], into: out.appendingPathComponent("interview"))
        let whole = try seconds(first) + seconds(second)
        let got = try seconds(joined.url), firstSeconds = try seconds(first)
        #expect(got > firstSeconds + 0.5 && got < whole - 0.5, "joined \(got) s of \(whole) s")
    }

    @Test func partsWithOtherStreamsAreRefused() throws {
        let out = try folder()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect {
            try MediaJoiner.join([first, Samples.speech("derived_nasa_13013_audio.m4a")], into: out.appendingPathComponent("x"))
        } throws: { ($0 as? MediaError)?.kind == .incompatibleParts }
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(left.isEmpty, "nothing written: \(left)")
    }
}
