/// Whisper's log-mel features of a whole recording, computed one window at a time: between
/// windows only the recording's largest value is kept (the floor needs it), so an hour of audio
/// holds no hour of features. Each window equals the same frames of ``LogMelSpectrogram``.
struct LogMelWindows {
    let samples: [Float]
    let melBins: Int
    /// Frames of the recording (`samples / 160 + 1`; the last one covers only padding).
    let frameCount: Int
    /// Frames that hold audio content, as faster-whisper counts.
    var contentFrames: Int { max(frameCount - 1, 0) }
    private let frames: LogMelFrames
    private let maximum: Float

    /// Reads `samples` (16 kHz mono, shared, not copied) once for their largest log-mel value.
    init(samples: [Float], melBins: Int) {
        self.samples = samples
        self.melBins = melBins
        frameCount = LogMelSpectrogram.frameCount(samples: samples.count)
        frames = LogMelFrames(melBins: melBins)
        var maximum = -Float.infinity
        var scratch = [Float](repeating: 0, count: LogMelFrames.block * melBins)
        var start = 0
        while start < frameCount {
            let count = min(LogMelFrames.block, frameCount - start)
            maximum = max(maximum, scratch.withUnsafeMutableBufferPointer { [frames] in
                frames.compute(samples, frames: start..<(start + count), into: $0.baseAddress!)
            })
            start += count
        }
        self.maximum = maximum
    }

    /// The 3000-frame window starting at `start`, frame-major, zero-filled past `start + length`
    /// (as ``LogMelSpectrogram/window(start:length:)``).
    func window(start: Int, length: Int = LogMelSpectrogram.windowFrames) -> [Float] {
        var result = [Float](repeating: 0, count: LogMelSpectrogram.windowFrames * melBins)
        let available = max(0, min(length, LogMelSpectrogram.windowFrames, frameCount - start))
        let floor = maximum - 8
        result.withUnsafeMutableBufferPointer { out in
            var done = 0
            while done < available {
                let count = min(LogMelFrames.block, available - done)
                _ = frames.compute(samples, frames: (start + done)..<(start + done + count), into: out.baseAddress! + done * melBins)
                done += count
            }
            for index in 0..<(available * melBins) { out[index] = (max(out[index], floor) + 4) / 4 }
        }
        return result
    }
}
