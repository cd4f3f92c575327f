import Foundation
import Service
import Store
import Testing

/// The routes that line wearable data up with an interview, through the real server on loopback:
/// the E4 export is uploaded through the API, the recording's clock set through the API, and the
/// figures checked against HR.csv read here line by line.
@Suite("Biometrics lined up with the interview, over HTTP")
struct BiometricAlignmentRouteTests {
    static let e4Zip = TestPaths.repository.appendingPathComponent("Tests/BiometricsTests/Fixtures/empatica_e4_flirt.zip")
    static let sessionStart = 1_560_279_825.0

    /// HR.csv's values (1 Hz from 10 s after the session start).
    static func heartRates() throws -> [Double] {
        let text = try String(contentsOf: TestPaths.samples.appendingPathComponent("biometrics/empatica_e4_flirt/HR.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst(2).map { Double($0.trimmingCharacters(in: .whitespaces))! }
    }

    @Test func tableAndSeriesFollowTheClock() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let researcher = f.tokens["researcher"]!
        let upload = try await server.send(
            "POST", "/participants/\(f.participantID)/biometrics?filename=e4.zip", token: researcher, body: try Data(contentsOf: Self.e4Zip)
        )
        #expect(upload.status == 202, "\(upload.text)")
        #expect(try await server.runImports().map(\.state) == [.succeeded])
        let link = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/participants/\(f.participantID)", token: researcher, json: ["role": "interviewee"])
        #expect(link.status == 200)

        // No wall-clock start yet: a clear 422.
        let early = try await server.send("GET", "/transcripts/\(f.transcriptID)/biometrics", token: researcher)
        #expect(early.status == 422 && early.errorCode == "invalid_input" && early.text.contains("clock"))

        // The recording starts 12 s into the session (HR's first sample is at 10 s).
        let start = Date(timeIntervalSince1970: Self.sessionStart + 11)
        let clock = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/clock", token: researcher,
            json: ["wallClockStart": start.ISO8601Format(), "offset": "1"])
        #expect(clock.status == 400, "offset must be a number: \(clock.text)")
        struct Change: Encodable {
            var wallClockStart: Date
            var offset: Double
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let set = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/clock", token: researcher,
            body: try encoder.encode(Change(wallClockStart: start, offset: 1)), headers: ["Content-Type": "application/json"])
        #expect(set.status == 200, "\(set.text)")
        #expect(set.text.contains("\"offset\":1"))

        // Segments [0, 2) and [2, 5): HR samples 2, 3 and 4, 5, 6 (sample i at 10 + i − 12 s).
        let hr = try Self.heartRates()
        let csv = try await server.send("GET", "/transcripts/\(f.transcriptID)/biometrics?by=segment&format=csv", token: researcher)
        #expect(csv.status == 200, "\(csv.text)")
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        #expect(lines.count == 3)
        let column = try #require(lines[0].firstIndex(of: "heartRateMean"))
        #expect(Double(lines[1][column])! == (hr[2] + hr[3]) / 2)
        #expect(abs(Double(lines[2][column])! - (hr[4] + hr[5] + hr[6]) / 3) < 1e-9)

        let json = try await server.send("GET", "/transcripts/\(f.transcriptID)/biometrics?by=turn", token: researcher)
        #expect(json.status == 200)
        let table = try #require(try JSONSerialization.jsonObject(with: json.body) as? [String: Any])
        #expect((table["rows"] as? [[String: Any]])?.count == 2)
        #expect(table["offset"] as? Double == 1)

        // Series: heart rate over [0, 5] is samples 2...7, in two buckets of 2.5 s.
        let series = try await server.send(
            "GET", "/recordings/\(f.recordingID)/biometrics/series?kinds=heartRate&points=2", token: researcher)
        #expect(series.status == 200, "\(series.text)")
        let streams = try #require(try JSONSerialization.jsonObject(with: series.body) as? [[String: Any]])
        #expect(streams.count == 1)
        let stream = streams[0]
        #expect(Set(["streamID", "kind", "unit", "source", "times", "values"]).isSubset(of: Set(stream.keys)))
        #expect(stream["kind"] as? String == "heartRate" && stream["unit"] as? String == "bpm")
        #expect(stream["times"] as? [Double] == [1.25, 3.75])
        let values = try #require(stream["values"] as? [Double])
        #expect(abs(values[0] - (hr[2] + hr[3] + hr[4]) / 3) < 1e-9 && abs(values[1] - (hr[5] + hr[6] + hr[7]) / 3) < 1e-9)

        let bad = try await server.send("GET", "/recordings/\(f.recordingID)/biometrics/series?kinds=pulse", token: researcher)
        #expect(bad.status == 400 && bad.text.contains("heartRate"))
        let coder = try await server.send("GET", "/transcripts/\(f.transcriptID)/biometrics", token: f.tokens["coder"])
        #expect(coder.status == 403)

        let events = try await server.store.auditEvents(afterID: 0, limit: 500).map(\.action)
        #expect(events.filter { $0 == "biometrics.table" }.count == 2)
        #expect(events.contains("biometrics.series") && events.contains("recording.clock"))
    }

    @Test func syncMarkerSetsTheOffset() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let f = try await StudyFixture.make(on: server)
        let researcher = f.tokens["researcher"]!
        let hypnogram = TestPaths.samples.appendingPathComponent("biometrics/edf/sleepedf_SC4001EC-Hypnogram.edf")
        let upload = try await server.send(
            "POST", "/participants/\(f.participantID)/biometrics?filename=hypnogram.edf", token: researcher,
            body: try Data(contentsOf: hypnogram))
        #expect(upload.status == 202, "\(upload.text)")
        let job = try #require(try await server.runImports().first)
        #expect(job.state == .succeeded, "\(job.error ?? "")")
        let result = try JSONSerialization.jsonObject(with: Data(try #require(job.result).utf8)) as? [String: Any]
        #expect(result?["markers"] as? Int ?? 0 > 0)
        let list = try await server.send("GET", "/participants/\(f.participantID)/biometrics/markers", token: researcher)
        #expect(list.status == 200)
        let markers: [BiometricMarker] = try list.json()
        let marker = try #require(markers.first)
        #expect(markers.allSatisfy { $0.kind == "annotation" && $0.participantID == f.participantID })

        let start = Date(timeIntervalSince1970: 1_000_000_000)
        let body = "{\"wallClockStart\":\"\(start.ISO8601Format())\",\"syncMarkerID\":\(marker.id!),\"markerPosition\":1.5}"
        let unlinked = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/clock", token: researcher, body: Data(body.utf8),
            headers: ["Content-Type": "application/json"])
        #expect(unlinked.status == 422 && unlinked.text.contains("link the participant"), "\(unlinked.text)")
        _ = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/participants/\(f.participantID)", token: researcher, json: ["role": "interviewee"])
        let set = try await server.send(
            "PUT", "/recordings/\(f.recordingID)/clock", token: researcher, body: Data(body.utf8),
            headers: ["Content-Type": "application/json"])
        #expect(set.status == 200, "\(set.text)")
        let state = try #require(try JSONSerialization.jsonObject(with: set.body) as? [String: Any])
        let offset = try #require(state["offset"] as? Double)
        #expect(abs(offset - (marker.time.timeIntervalSince(start) - 1.5)) < 1e-6)
        #expect(state["syncMarkerID"] as? Int == Int(marker.id!) && state["markerPosition"] as? Double == 1.5)
    }
}
