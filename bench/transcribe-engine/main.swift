// Runs Verbatim's Swift Whisper engine on one audio file and prints a JSON line with the
// transcript, real-time factor and where the time went. Built and run by bench/transcribe.
import Foundation
import Media
import Transcribe

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(
        Data("usage: transcribe-engine MODEL_DIR AUDIO [BEAM] [THREADS] [LANGUAGE] [int8|float32]\n".utf8))
    exit(2)
}
let beam = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
let threads = arguments.count > 4 ? Int(arguments[4]) ?? 2 : 2
let language = arguments.count > 5 && arguments[5] != "auto" ? arguments[5] : nil
let computeType = arguments.count > 6 ? ComputeType(rawValue: arguments[6]) ?? .preferred : .preferred
Transcriber.setMatrixThreads(threads)
let clock = ContinuousClock()
let loadStart = clock.now
let transcriber = try Transcriber(modelDirectory: URL(fileURLWithPath: arguments[1]), computeType: computeType)
let loadTime = clock.now - loadStart
let audio = try AudioDecoder.decodeAll(url: URL(fileURLWithPath: arguments[2]))
// The guards stay off: faster-whisper has none, and the comparison is engine against engine.
let options = TranscriptionOptions(language: language, beamSize: beam, guardRetry: false)
let result = try transcriber.transcribe(samples: audio.samples, options: options)
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
let t = result.timings
let report: [String: Any] = [
    "engine": "verbatim \(computeType.rawValue)", "model": result.model, "beam": beam, "threads": threads,
    "audioSeconds": result.duration, "seconds": t.total, "rtf": t.total / max(result.duration, 1e-9),
    "loadSeconds": Double(loadTime.components.seconds) + Double(loadTime.components.attoseconds) * 1e-18,
    "melSeconds": t.mel, "encoderSeconds": t.encoder, "windows": t.windows,
    "encoderMsPerWindow": 1000 * t.encoder / Double(max(t.windows, 1)),
    "decoderSeconds": t.decoder, "decoderSteps": t.decoderSteps,
    "decoderMsPerStep": 1000 * t.decoder / Double(max(t.decoderSteps, 1)),
    "peakRSSMiB": Double(usage.ru_maxrss) / 1024,
    "cpuSeconds": Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) * 1e-6, "language": result.language, "text": result.text,
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
