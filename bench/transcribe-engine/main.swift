// Runs Verbatim's Swift Whisper engine on one or more audio files (comma-separated, decoded and
// transcribed one after the other with the model loaded once, as a worker does) and prints one
// JSON line per file with the transcript, real-time factor and where the time went. Built and
// run by bench/transcribe.
//
// Cold start: when BENCH_START_REALTIME holds the wall-clock time (seconds since the epoch, as
// bash's $EPOCHREALTIME) taken by the launching script right before it starts this process, the
// first file's line carries `firstSegmentSinceStart`: from then to the end of the first 30-s
// window's decode, read from the same clock (CLOCK_REALTIME). The transcriber reports progress
// once per window, not per token, so this is the time to the first decoded *window* (its
// segments), the point where faster-whisper's generator yields its first segment too.
import Foundation
import Media
import Synchronization
import Transcribe

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(
        Data("usage: transcribe-engine MODEL_DIR AUDIO[,AUDIO...] [BEAM] [THREADS] [LANGUAGE] [int8|float32]\n".utf8))
    exit(2)
}
let beam = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
let threads = arguments.count > 4 ? Int(arguments[4]) ?? 2 : 2
let language = arguments.count > 5 && arguments[5] != "auto" ? arguments[5] : nil
let computeType = arguments.count > 6 ? ComputeType(rawValue: arguments[6]) ?? .preferred : .preferred
let launched = ProcessInfo.processInfo.environment["BENCH_START_REALTIME"].flatMap(Double.init)

/// Wall-clock seconds since the epoch (CLOCK_REALTIME, the clock bash's $EPOCHREALTIME reads).
enum WallClock {
    static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}

Transcriber.setMatrixThreads(threads)
let clock = ContinuousClock()
let loadStart = clock.now
let transcriber = try Transcriber(modelDirectory: URL(fileURLWithPath: arguments[1]), computeType: computeType)
let loadTime = clock.now - loadStart
// The guards stay off: faster-whisper has none, and the comparison is engine against engine.
let options = TranscriptionOptions(language: language, beamSize: beam, guardRetry: false)
let firstWindow = Mutex<Double?>(nil)
for (index, path) in arguments[2].split(separator: ",").map(String.init).enumerated() {
    let audio = try AudioDecoder.decodeAll(url: URL(fileURLWithPath: path))
    let result = try transcriber.transcribe(samples: audio.samples, options: options) { _ in
        firstWindow.withLock { if $0 == nil { $0 = WallClock.now() } }
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let t = result.timings
    var report: [String: Any] = [
        "engine": "verbatim \(computeType.rawValue)", "model": result.model, "beam": beam, "threads": threads,
        "file": path, "audioSeconds": result.duration, "seconds": t.total, "rtf": t.total / max(result.duration, 1e-9),
        "loadSeconds": Double(loadTime.components.seconds) + Double(loadTime.components.attoseconds) * 1e-18,
        "melSeconds": t.mel, "encoderSeconds": t.encoder, "windows": t.windows,
        "encoderMsPerWindow": 1000 * t.encoder / Double(max(t.windows, 1)),
        "decoderSeconds": t.decoder, "decoderSteps": t.decoderSteps,
        "decoderMsPerStep": 1000 * t.decoder / Double(max(t.decoderSteps, 1)),
        "peakRSSMiB": Double(usage.ru_maxrss) / 1024,
        "cpuSeconds": Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6,
        "language": result.language, "text": result.text,
    ]
    if index == 0, let launched, let first = firstWindow.withLock({ $0 }) {
        report["firstSegmentSinceStart"] = first - launched
    }
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
