// Search and transcript reads over a synthetic corpus, on SQLite and on PostgreSQL (bench/store search).
import Foundation
import PostgresStore
import Store

/// Interviews in French made of a fixed vocabulary, the same on every run (a linear congruential
/// generator): one recording per hour, one segment every 6 seconds, about 14 words each.
struct Corpus {
    static let vocabulary = """
        je suis arrivée à l’hôpital le lundi matin avec ma fille et l’équipe m’a expliqué le protocole de chimiothérapie \
        les effets secondaires la fatigue les nausées la douleur la nuit et surtout la peur qui revenait chaque semaine \
        avant la séance l’infirmière était très gentille le médecin parlait vite mais prenait le temps de répondre \
        mon cœur battait fort quand on m’a annoncé le diagnostic peut-être que j’aurais dû venir plus tôt les élèves \
        infirmières étaient débordées à l’oncologie on attendait des heures dans le couloir les résultats de l’IRM \
        mon mari travaillait je prenais le bus la mutuelle remboursait presque tout sauf les dépassements d’honoraires
        """.split(separator: " ").map(String.init)
    var state: UInt64 = 0x2545_F491_4F6C_DD1D

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// One hour of interview: 600 segments, with timed words when `words`.
    mutating func hour(words: Bool) -> TranscriptInput {
        var segments: [SegmentInput] = []
        for index in 0..<600 {
            let count = 8 + next(13)
            let spoken = (0..<count).map { _ in Self.vocabulary[next(Self.vocabulary.count)] }
            var text = spoken.joined(separator: " ")
            text = text.prefix(1).uppercased() + text.dropFirst() + "."
            let start = Double(index) * 6
            let timed = words ? spoken.enumerated().map { n, word in
                WordInput(start: start + Double(n) * 5.5 / Double(count), end: start + Double(n + 1) * 5.5 / Double(count),
                    text: " " + word, probability: 0.9)
            } : []
            segments.append(
                SegmentInput(start: start, end: start + 5.5, speakerLabel: index % 2 == 0 ? "S1" : "S2", text: text,
                    confidence: -0.2, words: timed))
        }
        return TranscriptInput(engine: "whisper", model: "small", language: "fr", status: .draft, createdBy: nil, segments: segments)
    }
}

/// A store of one backend filled with the corpus, and what closes it.
struct FilledStore: Sendable {
    let store: any RecordingStore & TranscriptStore & SearchStore & StudyStore
    let studyID: Int64
    let readRecordingID: Int64
    let close: @Sendable () -> Void
}

/// Fills `store` with `hours` hours of interviews (the first with timed words) in one study.
func fill(_ store: any RecordingStore & TranscriptStore & SearchStore & StudyStore, hours: Int, close: @escaping @Sendable () -> Void)
    async throws -> FilledStore
{
    var corpus = Corpus()
    let study = try await store.createStudy(name: "Bench", details: "").id!
    var first: Int64 = 0
    for hour in 0..<hours {
        let hash = String(format: "%064x", hour + 1)
        let recording = try await store.addRecording(
            Recording(studyID: study, title: "Entretien \(hour)", mediaPath: "media/\(hash).wav", fileHash: hash, container: "wav"))
        _ = try await store.addTranscript(recordingID: recording.id!, corpus.hour(words: hour == 0))
        if hour == 0 { first = recording.id! }
    }
    return FilledStore(store: store, studyID: study, readRecordingID: first, close: close)
}

/// Seconds taken by `body`.
func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let started = clock.now
    try await body()
    let elapsed = started.duration(to: clock.now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Median milliseconds of each query (5 runs after a warm-up) and its number of hits (limit 50).
func measureSearch(_ filled: FilledStore, queries: [String]) async throws -> [(ms: Double, hits: Int)] {
    var figures: [(ms: Double, hits: Int)] = []
    for query in queries {
        let hits = try await filled.store.search(studyID: filled.studyID, query: query, limit: 50).count
        var runs: [Double] = []
        for _ in 0..<5 {
            runs.append(try await seconds { _ = try await filled.store.search(studyID: filled.studyID, query: query, limit: 50) } * 1000)
        }
        figures.append((runs.sorted()[2], hits))
    }
    return figures
}

/// Reads per second of one hour's transcript (`currentTranscriptDetail`: segments, words,
/// speakers) by `clients` concurrent readers, `perClient` reads each.
func measureReads(_ filled: FilledStore, clients: Int, perClient: Int) async throws -> Double {
    let total = try await seconds {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    for _ in 0..<perClient {
                        let detail = try await filled.store.currentTranscriptDetail(recordingID: filled.readRecordingID)
                        guard detail?.segments.count == 600 else { throw StoreError(.database, "short read") }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
    return Double(clients * perClient) / total
}

/// `StoreBench URL search [hours]`: fills both backends, then prints search latency and read throughput side by side.
func runSearch(postgresURL: String, hours: Int) async throws {
    let queries = ["hopital", "fatigue chimio", "l'équipe", "cœur", "peut-être", "douleur nuit infirmière"]
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-bench-search-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let sqliteStore = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
    var fillSeconds: [Double] = []
    var sqlite: FilledStore?
    fillSeconds.append(try await seconds {
        sqlite = try await fill(sqliteStore, hours: hours) { try? FileManager.default.removeItem(at: folder) }
    })
    let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    let postgresStore = try await PostgresStore.open(try PostgresLocation(url: postgresURL, schema: String(schema)))
    var postgres: FilledStore?
    fillSeconds.append(try await seconds {
        postgres = try await fill(postgresStore, hours: hours) { postgresStore.close() }
    })
    guard let sqlite, let postgres else { return }
    defer {
        sqlite.close()
        postgres.close()
    }
    print("Corpus: \(hours) h of interviews (\(hours * 600) segments); filled in \(String(format: "%.0f", fillSeconds[0])) s (SQLite), "
        + "\(String(format: "%.0f", fillSeconds[1])) s (PostgreSQL)")
    print("Search, limit 50, median of 5 (ms)")
    print("query                      hits  SQLite ms  PostgreSQL ms  PostgreSQL/SQLite")
    let reference = try await measureSearch(sqlite, queries: queries)
    let other = try await measureSearch(postgres, queries: queries)
    for (index, query) in queries.enumerated() {
        let same = reference[index].hits == other[index].hits ? "" : "  (hits differ: \(other[index].hits))"
        print(
            query.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: "%5d  %9.1f  %13.1f  %17.2f", reference[index].hits, reference[index].ms, other[index].ms,
                    other[index].ms / reference[index].ms) + same)
    }
    print("Transcript reads (one hour: 600 segments, ~8,000 words), 200 concurrent readers, 5 reads each")
    print("SQLite reads/s  PostgreSQL reads/s  PostgreSQL/SQLite")
    let sqliteReads = try await measureReads(sqlite, clients: 200, perClient: 5)
    let postgresReads = try await measureReads(postgres, clients: 200, perClient: 5)
    print(String(format: "%14.1f  %18.1f  %17.2f", sqliteReads, postgresReads, postgresReads / sqliteReads))
}
