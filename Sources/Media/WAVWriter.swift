import Foundation

/// Writes PCM to a RIFF/WAVE file as it arrives: 32-bit float (format tag 3) or 16-bit
/// integer, any number of interleaved channels. The header's sizes are filled in by
/// ``finish()``; a file left unfinished reads as a truncated WAV.
public final class WAVWriter {
    /// Sample encodings the writer supports.
    public enum Encoding: Sendable {
        /// IEEE 754 32-bit float, exactly what the decoder produces.
        case float32
        /// 16-bit signed integer, rounded and clipped.
        case int16
    }

    private let handle: FileHandle
    private let path: String
    private let channels: Int
    private let sampleRate: Int
    private let encoding: Encoding
    private var dataBytes = 0
    private var finished = false

    /// Creates (or replaces) the file at `url`.
    public init(url: URL, sampleRate: Int, channels: Int, encoding: Encoding = .float32) throws(MediaError) {
        path = url.path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw MediaError(.io, path: url.path, detail: "cannot create file")
        }
        self.handle = handle
        self.channels = channels
        self.sampleRate = sampleRate
        self.encoding = encoding
        try write(header(dataBytes: 0))
    }

    deinit { try? handle.close() }

    /// Appends frames given as one array per channel (all the same length).
    public func append(_ planes: [[Float]]) throws(MediaError) {
        precondition(planes.count == channels, "WAVWriter: expected \(channels) channels")
        let frames = planes.first?.count ?? 0
        var bytes: Data
        switch encoding {
        case .float32:
            var interleaved = [Float](repeating: 0, count: frames * channels)
            for channel in 0..<channels {
                planes[channel].withUnsafeBufferPointer { plane in
                    for frame in 0..<frames { interleaved[frame * channels + channel] = plane[frame] }
                }
            }
            // WAV is little-endian, like every platform Swift runs on here.
            bytes = interleaved.withUnsafeBytes { Data($0) }
        case .int16:
            var interleaved = [Int16](repeating: 0, count: frames * channels)
            for channel in 0..<channels {
                planes[channel].withUnsafeBufferPointer { plane in
                    for frame in 0..<frames {
                        let scaled = (plane[frame] * 32768).rounded()
                        interleaved[frame * channels + channel] = Int16(max(-32768, min(32767, scaled)))
                    }
                }
            }
            bytes = interleaved.withUnsafeBytes { Data($0) }
        }
        try write(bytes)
        dataBytes += bytes.count
    }

    /// Writes the final sizes into the header and closes the file.
    public func finish() throws(MediaError) {
        guard !finished else { return }
        finished = true
        do {
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: header(dataBytes: dataBytes))
            try handle.close()
        } catch {
            throw MediaError(.io, path: path, detail: "\(error)")
        }
    }

    private func write(_ data: Data) throws(MediaError) {
        do { try handle.write(contentsOf: data) } catch {
            throw MediaError(.io, path: path, detail: "\(error)")
        }
    }

    private func header(dataBytes: Int) -> Data {
        let bytesPerSample = encoding == .float32 ? 4 : 2
        let isFloat = encoding == .float32
        var data = Data()
        data.append(contentsOf: Array("RIFF".utf8))
        // Float WAVs carry a `fact` chunk (12 bytes) and a longer `fmt ` chunk (18 bytes).
        let formatSize = isFloat ? 18 : 16
        let riffSize = 4 + (8 + formatSize) + (isFloat ? 12 : 0) + 8 + dataBytes
        data.appendLittleEndian(UInt32(truncatingIfNeeded: riffSize))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        data.appendLittleEndian(UInt32(formatSize))
        data.appendLittleEndian(UInt16(isFloat ? 3 : 1))
        data.appendLittleEndian(UInt16(channels))
        data.appendLittleEndian(UInt32(sampleRate))
        data.appendLittleEndian(UInt32(sampleRate * channels * bytesPerSample))
        data.appendLittleEndian(UInt16(channels * bytesPerSample))
        data.appendLittleEndian(UInt16(bytesPerSample * 8))
        if isFloat {
            data.appendLittleEndian(UInt16(0))
            data.append(contentsOf: Array("fact".utf8))
            data.appendLittleEndian(UInt32(4))
            data.appendLittleEndian(UInt32(truncatingIfNeeded: dataBytes / (channels * bytesPerSample)))
        }
        data.append(contentsOf: Array("data".utf8))
        data.appendLittleEndian(UInt32(truncatingIfNeeded: dataBytes))
        return data
    }
}

extension Data {
    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
