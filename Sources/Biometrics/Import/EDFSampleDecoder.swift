/// Decodes one EDF or BDF signal's samples from all data records straight into physical units.
///
/// The signal's samples sit at the same place in every record: `perRecord` little-endian
/// 16-bit (EDF) or 24-bit (BDF) two's-complement integers starting `first` bytes into the file,
/// then every `stride` bytes. Each is written once, as `(digital - digitalMin) * scale + physicalMin`,
/// into an array allocated at its final size.
struct EDFSampleDecoder {
    /// The digital minimum of the signal.
    let digitalMin: Double
    /// The physical minimum of the signal.
    let physicalMin: Double
    /// Physical units per digital step: `(pmax - pmin) / (dmax - dmin)`.
    let scale: Double

    /// The `records × perRecord` physical values of the signal whose first sample is at `first`.
    func decode(_ bytes: UnsafeRawBufferPointer, first: Int, stride: Int, records: Int, perRecord: Int, bdf: Bool) -> [Double] {
        let count = records * perRecord
        guard count > 0, let base = bytes.baseAddress else { return [] }
        precondition(first + (records - 1) * stride + perRecord * (bdf ? 3 : 2) <= bytes.count, "EDF records lie inside the file")
        return LargeArray.make(count: count) { target in
            for record in 0..<records {
                let from = base + first + record * stride
                let to = target + record * perRecord
                if bdf {
                    decode24(from, into: to, count: perRecord)
                } else {
                    decode16(from, into: to, count: perRecord)
                }
            }
            return count
        }
    }

    /// 16-bit little-endian samples.
    @inline(__always)
    private func decode16(_ from: UnsafeRawPointer, into to: UnsafeMutablePointer<Double>, count: Int) {
        let dmin = digitalMin, pmin = physicalMin, scale = scale
        for i in 0..<count {
            let digital = Int16(littleEndian: from.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))
            to[i] = (Double(digital) - dmin) * scale + pmin
        }
    }

    /// 24-bit little-endian samples, sign-extended.
    @inline(__always)
    private func decode24(_ from: UnsafeRawPointer, into to: UnsafeMutablePointer<Double>, count: Int) {
        let dmin = digitalMin, pmin = physicalMin, scale = scale
        let bytes = from.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count {
            let p = bytes + 3 * i
            let raw = Int32(p[0]) | Int32(p[1]) << 8 | Int32(p[2]) << 16
            to[i] = (Double((raw << 8) >> 8) - dmin) * scale + pmin
        }
    }
}
