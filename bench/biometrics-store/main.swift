// Biometric import benchmark engine (built by bench/biometrics): parses a headerless ring CSV
// with the Biometrics CSV importer, stores it with Store.importBiometrics in a fresh SQLite file,
// reads it back as a TimeSeries, checks the copy is identical, and prints one line of timings.
// Usage: BiometricsBench FILE.csv RATE_HZ STORE.sqlite
//        BiometricsBench parse RUNS FILE [RATE_HZ]   (any format: prints the samples read and the best of RUNS parse times)
import Biometrics
import Foundation
import Store

let arguments = CommandLine.arguments

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

// `BiometricsBench parse RUNS FILE [RATE_HZ]`: import any supported file (EDF, FIT, a headerless CSV at RATE_HZ...)
// RUNS times in this process, as the Python references are timed, and print its sample count and the best time.
if (4...5).contains(arguments.count), arguments[1] == "parse", let runs = Int(arguments[2]), runs > 0 {
    let csv =
        arguments.count == 5
        ? CSVImporter.Options(
            sampleRate: Double(arguments[4]), start: Date(timeIntervalSince1970: 1_700_000_000), kind: .bvp, unit: "a.u.", source: "ring")
        : nil
    let importer = csv.map { BiometricImporter(participant: "P-001", csv: $0) } ?? BiometricImporter(participant: "P-001")
    var best = Double.infinity
    var summary = ""
    for _ in 0..<runs {
        let start = ContinuousClock.now
        let imported = try importer.read(URL(fileURLWithPath: arguments[3]))
        best = min(best, seconds(since: start))
        summary =
            "format=\(imported.format.rawValue) samples=\(imported.streams.reduce(0) { $0 + $1.count }) streams=\(imported.streams.count)"
    }
    print("\(summary) parse=\(best)")
    exit(0)
}

guard arguments.count == 4, let rate = Double(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: BiometricsBench FILE.csv RATE_HZ STORE.sqlite\n".utf8))
    exit(2)
}
let file = URL(fileURLWithPath: arguments[1])
let storePath = arguments[3]
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

let parseStart = ContinuousClock.now
let options = CSVImporter.Options(
    sampleRate: rate, start: Date(timeIntervalSince1970: 1_700_000_000), kind: .bvp, unit: "a.u.", source: "ring")
let imported = try BiometricImporter(participant: "P-001", csv: options).read(file)
let parse = seconds(since: parseStart)
guard let series = imported.streams.first, imported.streams.count == 1 else {
    FileHandle.standardError.write(Data("expected one stream, got \(imported.streams.count)\n".utf8))
    exit(1)
}

let storeStart = ContinuousClock.now
let store = try SQLiteStore(path: storePath)
let study = try await store.createStudy(name: "Benchmark", details: "")
let participant = try await store.createParticipant(studyID: study.id!, pseudonym: "P-001")
let stored = try await store.importBiometrics(imported, studyID: study.id!, participantID: participant.id!)
let write = seconds(since: storeStart)

let readStart = ContinuousClock.now
let reopened = try SQLiteStore(path: storePath)
let streams = try await reopened.biometricStreams(participantID: participant.id!)
let copy = try await reopened.timeSeries(streams[0], participant: "P-001")
let read = seconds(since: readStart)

let bytes = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
let gaps = series.values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
print(
    "samples=\(series.count) stored=\(stored[0].sampleCount) gaps=\(gaps) parse=\(parse) store=\(write) read=\(read) "
        + "identical=\(copy == series) dbBytes=\(bytes)")
