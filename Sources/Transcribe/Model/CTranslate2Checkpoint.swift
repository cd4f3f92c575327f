import Foundation

/// The variables of a CTranslate2 `model.bin`, widened to `Float` when read.
///
/// Layout (little-endian, no padding): u32 binary version (6), string spec name, u32 spec
/// revision, u32 variable count, then per variable a string name, u8 rank, u32 dimensions,
/// u8 dtype, u32 byte count and the raw row-major data; then u32 alias count and
/// (alias, target) string pairs. A string is a u16 length that counts its NUL, the UTF-8 bytes
/// and the NUL. Variables keep their stored bytes (a slice of the mapped file) and are widened to
/// `Float` each time ``Variable/values`` is read, so a loader holds one widened array at a time.
public struct CTranslate2Checkpoint: Sendable {
    /// One named array of the checkpoint.
    public struct Variable: Sendable {
        /// Dimensions, outermost first (empty for a scalar).
        public var shape: [Int]
        /// The dtype code as stored (0 f32, 1 i8, 2 i16, 3 i32, 4 f16, 5 bf16).
        public var storedType: UInt8
        /// The stored bytes (little-endian, row-major).
        let bytes: Data

        /// Row-major values widened to `Float` (computed on each access).
        public var values: [Float] {
            ByteReader.widen(bytes, count: shape.reduce(1, *), dtype: storedType)
        }
    }

    /// The spec name (`WhisperSpec` for Whisper models).
    public let specName: String
    /// The spec revision.
    public let specRevision: UInt32
    /// Every variable, by name, aliases included (an alias shares its target's values).
    public let variables: [String: Variable]
    /// Alias names and the variable each one stands for (CTranslate2 stores a tied output
    /// projection as an alias of the embeddings).
    public let aliases: [String: String]

    /// Reads and validates `model.bin`.
    ///
    /// - Throws: ``ModelError`` if the file is unreadable, truncated, of another binary version,
    ///   or has a variable whose byte count does not match its shape and dtype.
    public init(contentsOf url: URL) throws(ModelError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ModelError(url: url, reason: .unreadable(error.localizedDescription))
        }
        try self.init(data: data, url: url)
    }

    /// Parses checkpoint bytes already in memory; `url` only names the file in errors.
    public init(data: Data, url: URL) throws(ModelError) {
        var reader = ByteReader(data: data, url: url)
        let version = try reader.u32()
        guard version == 6 else { throw ModelError(url: url, reason: .unsupportedVersion(version)) }
        specName = try reader.string()
        specRevision = try reader.u32()
        let count = try reader.u32()
        var variables: [String: Variable] = [:]
        for _ in 0..<count {
            let name = try reader.string()
            let rank = Int(try reader.u8())
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try reader.u32())) }
            let dtype = try reader.u8()
            let byteCount = Int(try reader.u32())
            let elementCount = shape.reduce(1, *)
            guard let size = Self.elementSize(dtype) else {
                throw ModelError(url: url, reason: .badVariable(name: name, detail: "unknown dtype code \(dtype)"))
            }
            guard elementCount * size == byteCount else {
                throw ModelError(
                    url: url,
                    reason: .badVariable(
                        name: name, detail: "\(byteCount) bytes for shape \(shape) of \(size)-byte elements"))
            }
            let bytes = try reader.bytes(byteCount)
            variables[name] = Variable(shape: shape, storedType: dtype, bytes: bytes)
        }
        let aliasCount = try reader.u32()
        var aliases: [String: String] = [:]
        for _ in 0..<aliasCount {
            let alias = try reader.string()
            let target = try reader.string()
            guard let variable = variables[target] else {
                throw ModelError(url: url, reason: .badVariable(name: alias, detail: "alias of missing \(target)"))
            }
            variables[alias] = variable
            aliases[alias] = target
        }
        self.variables = variables
        self.aliases = aliases
    }

    /// Bytes per element of a dtype code, or nil for an unknown code.
    static func elementSize(_ dtype: UInt8) -> Int? {
        switch dtype {
        case 0, 3: 4
        case 1: 1
        case 2, 4, 5: 2
        default: nil
        }
    }
}

/// A cursor over little-endian bytes that throws ``ModelError/Reason/truncated(offset:needed:)``.
struct ByteReader {
    let data: Data
    let url: URL
    var offset = 0

    init(data: Data, url: URL) {
        self.data = data
        self.url = url
    }

    mutating func need(_ count: Int) throws(ModelError) {
        if offset + count > data.count {
            throw ModelError(url: url, reason: .truncated(offset: offset, needed: offset + count - data.count))
        }
    }

    mutating func u8() throws(ModelError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return data[data.startIndex + offset]
    }

    mutating func u16() throws(ModelError) -> UInt16 {
        try need(2)
        let base = data.startIndex + offset
        offset += 2
        return UInt16(data[base]) | UInt16(data[base + 1]) << 8
    }

    mutating func u32() throws(ModelError) -> UInt32 {
        try need(4)
        let base = data.startIndex + offset
        offset += 4
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(data[base + index]) << (8 * UInt32(index)) }
        return value
    }

    mutating func string() throws(ModelError) -> String {
        let start = offset
        let length = Int(try u16())
        guard length >= 1 else { throw ModelError(url: url, reason: .badString(offset: start)) }
        try need(length)
        let base = data.startIndex + offset
        offset += length
        guard data[base + length - 1] == 0,
            let text = String(data: data.subdata(in: base..<(base + length - 1)), encoding: .utf8)
        else { throw ModelError(url: url, reason: .badString(offset: start)) }
        return text
    }

    /// The next `count` bytes, as a slice that shares the underlying (mapped) storage.
    mutating func bytes(_ count: Int) throws(ModelError) -> Data {
        try need(count)
        let base = data.startIndex + offset
        offset += count
        return data[base..<(base + count)]
    }

    /// Widens `count` elements of `dtype` stored in `data` to `Float`.
    static func widen(_ data: Data, count: Int, dtype: UInt8) -> [Float] {
        data.withUnsafeBytes { raw -> [Float] in
            guard count > 0 else { return [] }
            let bytes = raw.baseAddress!
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                switch dtype {
                case 0:
                    for index in 0..<count {
                        out[index] = Float(bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                    }
                case 1:
                    for index in 0..<count { out[index] = Float(bytes.load(fromByteOffset: index, as: Int8.self)) }
                case 2:
                    for index in 0..<count {
                        out[index] = Float(bytes.loadUnaligned(fromByteOffset: 2 * index, as: Int16.self))
                    }
                case 3:
                    for index in 0..<count {
                        out[index] = Float(bytes.loadUnaligned(fromByteOffset: 4 * index, as: Int32.self))
                    }
                case 4:
                    for index in 0..<count {
                        out[index] = widenHalf(bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                    }
                default:
                    for index in 0..<count {
                        let high = UInt32(bytes.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self))
                        out[index] = Float(bitPattern: high << 16)
                    }
                }
                initialized = count
            }
        }
    }

    /// IEEE half to single precision, exactly, with integer operations (`Float(Float16)` is a
    /// library call per value on baseline x86-64, which has no F16C).
    @inline(__always)
    static func widenHalf(_ half: UInt16) -> Float {
        let bits = UInt32(half)
        let sign = (bits & 0x8000) << 16
        let exponent = (bits >> 10) & 0x1F
        let mantissa = bits & 0x3FF
        if exponent == 0 {
            let magnitude = Float(mantissa) * 0x1p-24  // zero or subnormal: exact in Float
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
    }
}
