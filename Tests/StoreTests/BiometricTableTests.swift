import Biometrics
import Foundation
import Testing

@testable import Store

/// The per-turn, per-segment and per-coding table and the plot series of a stored interview with
/// the real Empatica E4 export: every figure is recomputed here from the raw CSV files, read line
/// by line, not through the importers or the store.
@Suite("Biometrics lined up with a stored transcript")
struct BiometricTableTests {
    static let e4 = BiometricRoundTripTests.biometrics.appendingPathComponent("empatica_e4_flirt")
    /// The E4 session's start (UNIX seconds), row 1 of every file.
    static let sessionStart = 1_560_279_825.0
    /// The recording starts 20 s into the session; the clock adds 2 s more (a sync correction).
    static let recordedAt = Date(timeIntervalSince1970: sessionStart + 20)
    static let offset = 2.0
    static let segments: [SegmentInput] = [
        SegmentInput(start: 218.3, end: 233.7, speakerLabel: "Interviewer", text: "Comment vous sentez-vous aujourd'hui ?"),
        SegmentInput(start: 233.7, end: 251.2, speakerLabel: "SPEAKER_01", text: "Un peu fatiguée, le traitement me pèse."),
        SegmentInput(start: 251.9, end: 270.4, speakerLabel: "SPEAKER_01", text: "Mais je dors mieux depuis la semaine dernière."),
        SegmentInput(start: 271.0, end: 289.6, speakerLabel: "Interviewer", text: "Qu'est-ce qui a changé, selon vous ?"),
    ]

    /// Rows of numbers of an E4 channel file after its two header rows.
    static func rows(_ name: String) throws -> [[Double]] {
        let text = try String(contentsOf: e4.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst(name == "IBI.csv" ? 1 : 2).map {
            $0.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! }
        }
    }

    struct Seeded {
        let store: SQLiteStore
        let transcript: Transcript
        let recording: Recording
    }

    static func seed(_ temporary: TemporaryStore) async throws -> Seeded {
        let store = temporary.store
        let study = try await store.createStudy(name: "Vécu du traitement", details: "")
        let p014 = try await store.createParticipant(studyID: study.id!, pseudonym: "P-014")
        let coder = try await store.createUser(name: "Alice", email: "alice@example.org")
        let imported = try BiometricImporter(participant: "P-014").read(e4)
        try await store.importBiometrics(imported, studyID: study.id!, participantID: p014.id!)
        let recording = try await store.addRecording(
            Recording(
                studyID: study.id!, title: "Entretien P-014", mediaPath: "/nonexistent/p014.wav", fileHash: "ab", container: "wav",
                duration: 2460, recordedAt: recordedAt))
        try await store.linkParticipant(recordingID: recording.id!, participantID: p014.id!, role: .interviewee)
        _ = try await store.setRecordingSync(RecordingSync(recordingID: recording.id!, offset: offset))
        let transcript = try await store.addTranscript(
            recordingID: recording.id!, TranscriptInput(engine: "human", model: "", language: "fr", segments: segments))
        for speaker in try await store.speakers(recordingID: recording.id!) where speaker.label == "SPEAKER_01" {
            try await store.identifySpeaker(speaker.id!, participantID: p014.id!, isInterviewer: false)
        }
        let code = try await store.addCode(Code(studyID: study.id!, name: "Fatigue, sommeil"))
        let span = SeededStudy.range(of: "traitement me pèse.\nMais je dors", in: transcript.text)
        _ = try await store.addCoding(
            transcriptID: transcript.id!, codeID: code.id!, coderID: coder.id!, charStart: span.lowerBound, charEnd: span.upperBound)
        return Seeded(store: store, transcript: transcript, recording: recording)
    }

    /// Absolute UNIX time of a recording position.
    static func absolute(_ t: Double) -> Double { sessionStart + 20 + offset + t }

    /// Heart rate from HR.csv (1 Hz from 10 s after the session start) in `[a, b)` of the recording.
    static func heartRate(_ a: Double, _ b: Double) throws -> (mean: Double, min: Double, max: Double, count: Int) {
        let values = try rows("HR.csv").map { $0[0] }
        let inside = values.indices.filter { absolute(a) <= sessionStart + 10 + Double($0) && sessionStart + 10 + Double($0) < absolute(b) }
            .map { values[$0] }
        return (inside.reduce(0, +) / Double(inside.count), inside.min()!, inside.max()!, inside.count)
    }

    /// RMSSD (ms) of the IBI.csv beats in `[a, b)`: pairs whose beat times differ by the second interval (±10 ms).
    static func rmssd(_ a: Double, _ b: Double) throws -> (rmssd: Double?, beats: Int) {
        let beats = try rows("IBI.csv").filter { absolute(a) <= sessionStart + $0[0] && sessionStart + $0[0] < absolute(b) }
        var squares: [Double] = []
        for i in beats.indices.dropFirst() where abs((beats[i][0] - beats[i - 1][0]) - beats[i][1]) * 1000 <= 10 {
            let d = (beats[i][1] - beats[i - 1][1]) * 1000
            squares.append(d * d)
        }
        return (squares.isEmpty ? nil : (squares.reduce(0, +) / Double(squares.count)).squareRoot(), beats.count)
    }

    /// Mean ENMO (mg) of the 1 s epochs of ACC.csv (32 Hz, 1/64 g) starting in `[a, b)`.
    static func activity(_ a: Double, _ b: Double) throws -> Double {
        let acc = try rows("ACC.csv")
        var epochs: [Double] = []
        for e in 0..<(acc.count / 32) where absolute(a) <= sessionStart + Double(e) && sessionStart + Double(e) < absolute(b) {
            let enmo = (e * 32..<(e + 1) * 32).map { i -> Double in
                let (x, y, z) = (acc[i][0] / 64, acc[i][1] / 64, acc[i][2] / 64)
                return max((x * x + y * y + z * z).squareRoot() - 1, 0) * 1000
            }
            epochs.append(enmo.reduce(0, +) / 32)
        }
        return epochs.reduce(0, +) / Double(epochs.count)
    }

    /// EDA mean, and SCRs found by the EDA feature over the whole raw file, in `[a, b)`.
    static func eda(_ a: Double, _ b: Double) throws -> (mean: Double, count: Int, amplitude: Double?) {
        let values = try rows("EDA.csv").map { $0[0] }
        let inside = values.indices.filter { absolute(a) <= sessionStart + Double($0) / 4 && sessionStart + Double($0) / 4 < absolute(b) }
        let raw = TimeSeries(
            source: "E4", kind: .eda, label: "EDA", unit: "uS", start: Date(timeIntervalSince1970: sessionStart), timing: .regular(hz: 4),
            values: values)
        let responses = try #require(ElectrodermalActivity.analyze(raw)).responses.filter {
            absolute(a) <= $0.time.timeIntervalSince1970 && $0.time.timeIntervalSince1970 < absolute(b)
        }
        return (
            inside.map { values[$0] }.reduce(0, +) / Double(inside.count), responses.count,
            responses.isEmpty ? nil : responses.map(\.amplitude).reduce(0, +) / Double(responses.count)
        )
    }

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("Per turn: heart rate, RMSSD, SCRs and activity equal the figures recomputed from the raw files")
    func perTurn() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await Self.seed(temporary)
        let table = try await seeded.store.biometricTable(transcriptID: seeded.transcript.id!, by: .turn)
        #expect(table.offset == Self.offset)
        #expect(table.wallClockStart == Self.recordedAt)
        // Three turns (the two SPEAKER_01 segments merge), one participant.
        #expect(table.rows.map(\.speaker) == ["Interviewer", "SPEAKER_01", "Interviewer"])
        #expect(table.rows.map(\.start) == [218.3, 233.7, 271.0])
        #expect(table.rows.map(\.end) == [233.7, 270.4, 289.6])
        #expect(table.rows.map(\.participantSpeaking) == [false, true, false])
        var responsesSeen = 0
        for row in table.rows {
            let hr = try Self.heartRate(row.start, row.end)
            #expect(
                Self.close(row.heartRateMean, hr.mean), "turn \(row.index) HR mean \(String(describing: row.heartRateMean)) vs \(hr.mean)")
            #expect(row.heartRateMin == hr.min && row.heartRateMax == hr.max)
            #expect(row.heartRateSource == "heartRate")
            #expect(Self.close(row.heartRateCoverage, min(1, Double(hr.count) / (row.end - row.start))))
            let hrv = try Self.rmssd(row.start, row.end)
            #expect(row.beats == hrv.beats && row.beatSource == "rrInterval")
            #expect(
                Self.close(row.rmssd, hrv.rmssd),
                "turn \(row.index) RMSSD \(String(describing: row.rmssd)) vs \(String(describing: hrv.rmssd))")
            #expect(Self.close(row.activityMean, try Self.activity(row.start, row.end)))
            let eda = try Self.eda(row.start, row.end)
            #expect(Self.close(row.edaMean, eda.mean))
            #expect(row.scrCount == eda.count)
            #expect(Self.close(row.scrAmplitudeMean, eda.amplitude))
            #expect(row.edaCoverage! > 0.95 && row.activityCoverage! > 0.95)
            responsesSeen += eda.count
        }
        // The sample must exercise the measures, not only agree on empty ones.
        #expect(table.rows.allSatisfy { $0.rmssd != nil && $0.beats! > 2 })
        #expect(responsesSeen > 0)
    }

    @Test("Per segment and per coding: units, codes, quoting in CSV and null-keeping JSON")
    func perSegmentAndCoding() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await Self.seed(temporary)
        let segments = try await seeded.store.biometricTable(transcriptID: seeded.transcript.id!, by: .segment)
        #expect(segments.rows.count == 4)
        #expect(segments.rows.map(\.index) == [0, 1, 2, 3])
        let hr = try Self.heartRate(251.9, 270.4)
        #expect(Self.close(segments.rows[2].heartRateMean, hr.mean))

        let codings = try await seeded.store.biometricTable(transcriptID: seeded.transcript.id!, by: .coding)
        let row = try #require(codings.rows.first)
        #expect(codings.rows.count == 1)
        #expect(row.code == "Fatigue, sommeil" && row.speaker == "SPEAKER_01" && row.participantSpeaking)
        // The coding's times, as the store interpolated them inside its segments.
        let coding = try #require(try await seeded.store.codings(transcriptID: seeded.transcript.id!).first)
        #expect(row.start == coding.startTime && row.end == coding.endTime)
        #expect(row.start > 233.7 && row.end < 270.4)
        let hrv = try Self.rmssd(coding.startTime, coding.endTime)
        #expect(hrv.rmssd != nil && Self.close(row.rmssd, hrv.rmssd))

        let csv = codings.csv()
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == BiometricTableRow.columns.joined(separator: ","))
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[1].hasPrefix("coding,0,SPEAKER_01,\"Fatigue, sommeil\",\(coding.startTime),\(coding.endTime),P-014,true,"))

        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(segments)) as! [String: Any]
        let first = (json["rows"] as! [[String: Any]])[0]
        #expect(Set(first.keys) == Set(BiometricTableRow.columns))
        #expect(first["code"] is NSNull)
    }

    @Test("Plot series: on the recording's timeline, bucket means equal the raw samples', at most `points` points")
    func series() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await Self.seed(temporary)
        let all = try await seeded.store.biometricSeries(recordingID: seeded.recording.id!, kinds: [.heartRate, .eda], points: 100)
        #expect(all.map(\.kind).sorted() == ["eda", "heartRate"])
        let hr = try #require(all.first { $0.kind == "heartRate" })
        #expect(hr.times.count == 100 && hr.values.count == 100 && hr.participant == "P-014")
        #expect(hr.times.allSatisfy { $0 >= 0 && $0 <= 2460 })
        // HR sample i sits at 10 + i − 22 s on the recording's timeline; the first is at 0, the last at 2460.
        let values = try Self.rows("HR.csv").map { $0[0] }
        let positions = values.indices.map { 10 + Double($0) - 22 }.filter { $0 >= 0 && $0 <= 2460 }
        #expect(positions.first == 0 && positions.last == 2460)
        let width = 2460.0 / 100
        let bucket = values.indices.filter { 10 + Double($0) - 22 >= 3 * width && 10 + Double($0) - 22 < 4 * width }.map { values[$0] }
        #expect(Self.close(hr.values[3], bucket.reduce(0, +) / Double(bucket.count)))
        #expect(Self.close(hr.times[3], 3.5 * width))

        let minmax = try await seeded.store.biometricSeries(
            recordingID: seeded.recording.id!, kinds: [.heartRate], points: 100, reduction: .minmax)
        #expect(minmax[0].values.count == 100)
        // 50 buckets of two points (smallest, largest) each.
        let wide = values.indices.filter { 10 + Double($0) - 22 >= 2460.0 / 50 && 10 + Double($0) - 22 < 2 * 2460.0 / 50 }.map {
            values[$0]
        }
        #expect(minmax[0].values[2...3].compactMap { $0 }.sorted() == [wide.min()!, wide.max()!])
    }

    @Test("Gaps come back as null; few samples come back unreduced")
    func reduction() {
        let times = (0..<10).map(Double.init)
        var values = times.map { $0 * 2 }
        values[4] = .nan
        values[5] = .nan
        let reduced = BiometricSeries.reduce(times: times, values: values, points: 5, reduction: .mean)
        #expect(reduced.values == [1, 5, nil, 13, 17])
        #expect(zip(reduced.times, [0.9, 2.7, 4.5, 6.3, 8.1]).allSatisfy { abs($0 - $1) < 1e-12 })
        let raw = BiometricSeries.reduce(times: times, values: values, points: 10, reduction: .mean)
        #expect(raw.times == times && raw.values[4] == nil && raw.values[3] == 6)
    }

    @Test("A recording without a wall-clock start is refused with what to do")
    func noClock() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        do {
            _ = try await temporary.store.biometricTable(transcriptID: seeded.otherTranscript.id!, by: .turn)
            Issue.record("no error")
        } catch let error as StoreError {
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("verbatim biometrics clock"))
        }
        // Once a start is set, the table is made (P-015 has no streams: no measures, no error).
        _ = try await temporary.store.setRecordingSync(
            RecordingSync(recordingID: seeded.otherRecording.id!, wallClockStart: Date(timeIntervalSince1970: 1_790_000_000)))
        let table = try await temporary.store.biometricTable(transcriptID: seeded.otherTranscript.id!, by: .turn)
        #expect(table.rows.count == 1 && table.rows[0].heartRateMean == nil && table.rows[0].participant == "P-015")
    }
}
