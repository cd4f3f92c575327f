// (a) Runs the full recording pipeline on a recording RUNS times, as a worker's transcription
// job does (speech only, every word timed, guards, speakers estimated, beam 5), and prints wall
// and CPU seconds over the recording's duration, the pipeline's step timings going to stderr.
// (b) Steps Verbatim's live transcriber through the recording as its chunks arrive: the
// WebM/Opus file is written to a capture folder in slices of CHUNK seconds' worth of bytes (cut
// anywhere, as MediaRecorder's chunks are), and after each slice one step runs, as one
// `live-transcribe` job would. Prints one JSON line per step, then a summary line: step times,
// CPU against the recording's duration, and how far behind the live text is when the recording
// ends. Built and run by bench/capture.
import Foundation
import Logging
import Media
import Transcribe

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: capture-runner MODELS_DIR RECORDING.webm [CHUNK_SECONDS] [LANGUAGE] [RUNS]\n".utf8))
    exit(2)
}
let models = URL(fileURLWithPath: arguments[1], isDirectory: true)
let recording = URL(fileURLWithPath: arguments[2])
let chunkSeconds = arguments.count > 3 ? Double(arguments[3]) ?? 3 : 3
let language = arguments.count > 4 && arguments[4] != "auto" ? arguments[4] : nil
let runs = arguments.count > 5 ? Int(arguments[5]) ?? 1 : 1
let environment = ProcessInfo.processInfo.environment
/// PER_WINDOW=1 detects the language in every window (an interview switching languages).
let perWindow = environment["PER_WINDOW"] == "1"
LoggingSystem.bootstrap(StreamLogHandler.standardError)

/// CPU seconds of this process (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Lower-cased words of letters and digits, accents kept.
func words(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
}

/// The share of `reference`'s words (as a multiset) found in `hypothesis`.
func wordRecall(reference: String, hypothesis: String) -> Double {
    var left = Dictionary(words(hypothesis).map { ($0, 1) }, uniquingKeysWith: +)
    let expected = words(reference)
    var found = 0
    for word in expected where (left[word] ?? 0) > 0 {
        left[word, default: 0] -= 1
        found += 1
    }
    return Double(found) / Double(max(1, expected.count))
}
let reference = environment["REFERENCE"].map { try! String(contentsOfFile: $0, encoding: .utf8) }

func json(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

let duration = try AudioDecoder.decodeAll(url: recording).duration
let data = try Data(contentsOf: recording)
var logger = Logger(label: "bench.capture")
logger.logLevel = .info
let pipeline = try RecordingPipeline(modelDirectory: models.appendingPathComponent("whisper-base"), modelsDirectory: models, logger: logger)

// (a) The final transcript, as the worker's job runs it.
for run in 1...max(1, runs) {
    let options = PipelineOptions(
        transcription: TranscriptionOptions(language: language, detectLanguagePerWindow: perWindow, wordTimestamps: true, speechOnly: true),
        speakers: .estimate)
    let (wall, cpu) = (ContinuousClock.now, cpuSeconds())
    let transcript = try pipeline.run(url: recording, options: options)
    let elapsed = ContinuousClock.now - wall
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let used = cpuSeconds() - cpu
    print(json([
        "final": run, "duration": duration, "seconds": seconds, "cpu": used, "ratio": seconds / duration, "cpuRatio": used / duration,
        "target": 0.2, "perWindow": perWindow,
        "wordRecall": reference.map { wordRecall(reference: $0, hypothesis: transcript.transcription.segments.map(\.text).joined()) } ?? -1, "segments": transcript.transcription.segments.count,
        "fallbacks": transcript.transcription.segments.filter { $0.temperature > 0 }.count,
        "needsReview": transcript.transcription.segments.filter(\.needsReview).count,
        "timings": (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(transcript.transcription.timings))) ?? [:], "speakers": Set(transcript.transcription.segments.compactMap(\.speaker)).count,
        "load": (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "",
    ]))
}

// (b) The live transcript (FINAL_ONLY=1 leaves it out).
if environment["FINAL_ONLY"] == "1" { exit(0) }
let live = LiveTranscriber(transcriber: pipeline.transcriber, vad: pipeline.vad)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-capture-bench-\(getpid())", isDirectory: true)
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let part = folder.appendingPathComponent("part-000.webm")
FileManager.default.createFile(atPath: part.path, contents: nil)
let handle = try FileHandle(forWritingTo: part)

let sliceBytes = max(1, Int(Double(data.count) / duration * chunkSeconds))
var state = LiveState()
var text: [String] = []
var stepTimes: [Double] = []
var totalCPU = 0.0
var offset = 0
var step = 0
while offset < data.count {
    let end = min(data.count, offset + sliceBytes)
    try handle.write(contentsOf: data.subdata(in: offset..<end))
    offset = end
    step += 1
    let (wall, cpu) = (ContinuousClock.now, cpuSeconds())
    let result = try live.step(folder: folder, state: state, language: language, previousText: text.joined(separator: " "))
    let seconds = Double((ContinuousClock.now - wall).components.attoseconds) / 1e18 + Double((ContinuousClock.now - wall).components.seconds)
    let used = cpuSeconds() - cpu
    stepTimes.append(seconds)
    totalCPU += used
    state = result.state
    text += result.segments.map(\.text)
    print(json([
        "step": step, "arrived": min(duration, Double(step) * chunkSeconds), "heard": result.heardUntil,
        "transcribedUntil": state.transcribedUntil, "seconds": seconds, "cpu": used, "segments": result.segments.count,
    ]))
}
try handle.close()
let lagAtStop = duration - state.transcribedUntil
let flushStart = ContinuousClock.now
let final = try live.step(folder: folder, state: state, language: language, previousText: text.joined(separator: " "), isFinal: true)
let flush = ContinuousClock.now - flushStart
text += final.segments.map(\.text)
let sorted = stepTimes.sorted()
print(json([
    "summary": true, "duration": duration, "chunkSeconds": chunkSeconds, "steps": stepTimes.count,
    "stepMean": stepTimes.reduce(0, +) / Double(max(1, stepTimes.count)), "stepMedian": sorted[sorted.count / 2], "stepMax": sorted.last ?? 0,
    "liveCPU": totalCPU, "liveCPUOverDuration": totalCPU / duration, "lagAtStop": lagAtStop,
    "lagAtStopPlusLastStep": lagAtStop + (stepTimes.last ?? 0),
    "flushSeconds": Double(flush.components.seconds) + Double(flush.components.attoseconds) / 1e18,
    "text": text.joined(separator: " "),
]))
