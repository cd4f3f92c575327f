/// Decodes the samples of one WFDB signal file straight into physical units, one signal at a time.
///
/// The file's frames interleave one sample of each of its `signals`: sample `n` of the file
/// belongs to frame `n / signals` and signal `n % signals`. Formats 16 and 61 store it in two
/// bytes (little- and big-endian), 80 in one byte offset by 128, 24 and 32 in three and four
/// little-endian bytes, 212 as pairs of 12-bit samples in three bytes. Each format's
/// invalid-sample code becomes NaN; the others become `(digital - baseline) / gain`, written once
/// into an array allocated at its final size.
struct WFDBSampleDecoder {
    /// The signal formats read.
    static let formats: Set<Int> = [16, 61, 80, 212, 24, 32]

    /// The signal format (one of `formats`).
    let format: Int
    /// Signals interleaved in the file.
    let signals: Int

    /// The complete samples in a file of `byteCount` bytes (a 212 file may end with half a pair).
    func sampleCount(byteCount: Int) -> Int {
        switch format {
        case 16, 61: byteCount / 2
        case 212: byteCount / 3 * 2 + (byteCount % 3 == 2 ? 1 : 0)
        case 80: byteCount
        case 24: byteCount / 3
        default: byteCount / 4
        }
    }

    /// The complete frames in a file of `byteCount` bytes.
    func frameCount(byteCount: Int) -> Int { sampleCount(byteCount: byteCount) / signals }

    /// The physical values of signal `signal` in the first `frames` frames of `bytes`.
    func decode(_ bytes: UnsafeRawBufferPointer, signal: Int, frames: Int, gain: Double, baseline: Int) -> [Double] {
        guard frames > 0, let b = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return [] }
        precondition(frames <= frameCount(byteCount: bytes.count), "WFDB frames lie inside the file")
        let baseline = Double(baseline)
        return LargeArray.make(count: frames) { out in
            // One loop per format, so that each reads its samples without a test of the format.
            func fill(invalid: Int, _ digital: (Int) -> Int) {
                for frame in 0..<frames {
                    let d = digital(frame &* signals &+ signal)
                    out[frame] = d == invalid ? .nan : (Double(d) - baseline) / gain
                }
            }
            switch format {
            case 16:
                fill(invalid: Int(Int16.min)) { n in Int(Int16(bitPattern: UInt16(b[2 &* n]) | UInt16(b[2 &* n &+ 1]) << 8)) }
            case 61:
                fill(invalid: Int(Int16.min)) { n in Int(Int16(bitPattern: UInt16(b[2 &* n]) << 8 | UInt16(b[2 &* n &+ 1]))) }
            case 212:
                // A pair in three bytes: the first sample's low 8 bits, both samples' high 4 bits, the second's low 8 bits.
                fill(invalid: -2048) { n in
                    let pair = b + 3 &* (n >> 1)
                    let raw = n & 1 == 0 ? Int(pair[0]) | (Int(pair[1]) & 0x0F) << 8 : Int(pair[2]) | (Int(pair[1]) & 0xF0) << 4
                    return (raw << 52) >> 52
                }
            case 80:
                // Offset binary: the byte 0 (−128) is the invalid code.
                fill(invalid: -128) { n in Int(b[n]) - 128 }
            case 24:
                fill(invalid: -(1 << 23)) { n in
                    let p = b + 3 &* n
                    return ((Int(p[0]) | Int(p[1]) << 8 | Int(p[2]) << 16) << 40) >> 40
                }
            default:
                fill(invalid: Int(Int32.min)) { n in Int(Int32(littleEndian: UnsafeRawPointer(b + 4 &* n).loadUnaligned(as: Int32.self))) }
            }
            return frames
        }
    }
}
