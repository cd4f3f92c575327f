import Foundation

/// Little-endian packing of sample values into blobs.
public enum SampleCodec {
    /// The values packed in `format`, little-endian, one after the other.
    public static func encode<Values: Collection>(_ values: Values, _ format: SampleFormat) -> Data where Values.Element == Double {
        var data = Data(capacity: values.count * format.byteCount)
        for value in values {
            switch format {
            case .float32:
                withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            case .float64:
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// The values `data` packs in `format`.
    public static func decode(_ data: Data, _ format: SampleFormat) -> [Double] {
        let bytes = [UInt8](data)
        let width = format.byteCount
        return stride(from: 0, to: bytes.count - width + 1, by: width).map { start in
            var bits: UInt64 = 0
            for index in (0..<width).reversed() { bits = bits << 8 | UInt64(bytes[start + index]) }
            return format == .float32 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
        }
    }
}
