import Foundation

/// The sizes a RIFF/WAVE header declares. FFmpeg clamps a WAV's duration to the bytes that
/// are present, so a truncated upload looks complete to it; the header still says how long
/// the recording was meant to be.
struct WAVHeader {
    /// Bytes per frame (all channels of one sample instant).
    var blockAlign: Int
    /// Frames per second.
    var sampleRate: Int
    /// The size the `data` chunk claims, in bytes.
    var declaredDataBytes: Int

    /// Duration the header declares, in seconds.
    var declaredDuration: Double {
        Double(declaredDataBytes / blockAlign) / Double(sampleRate)
    }

    /// Reads the header from the first bytes of a WAV file (4 KiB are enough for every header met),
    /// or nil if it is not a plain RIFF/WAVE file (RF64 and other variants are left to FFmpeg's
    /// own figures).
    init?(head: Data) {
        guard head.count >= 12 else { return nil }
        let bytes = [UInt8](head)
        guard bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else { return nil }
        func le(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        var offset = 12
        var blockAlign = 0, sampleRate = 0
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = le(offset + 4, 4)
            if id == "fmt " && offset + 8 + 14 <= bytes.count {
                sampleRate = le(offset + 12, 4)
                blockAlign = le(offset + 20, 2)
            } else if id == "data" {
                // Streamed WAVs leave the size at 0 or 0xFFFFFFFF: nothing is declared.
                guard blockAlign > 0, sampleRate > 0, size > 0, size < 0xFFFF_FF00 else { return nil }
                self.blockAlign = blockAlign
                self.sampleRate = sampleRate
                declaredDataBytes = size
                return
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }
}
