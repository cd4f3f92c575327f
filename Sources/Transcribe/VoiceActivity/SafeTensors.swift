import Foundation

/// A safetensors file read into memory: a JSON header naming each tensor's type, shape and byte
/// range, followed by the raw little-endian tensor data.
///
/// Only what the voice-activity and speaker models need is supported: `F32` tensors, read as
/// `[Float]` with their shape checked against what the caller expects.
public struct SafeTensors: Sendable {
    /// Type, shape and byte range of one tensor, as the header states them.
    public struct TensorInfo: Sendable, Equatable {
        /// The element type, as spelled in the file (`F32`, `F16`, `I64`...).
        public var dtype: String
        /// The dimensions, outermost first.
        public var shape: [Int]
        /// Byte range of the data, relative to the end of the header.
        public var byteRange: Range<Int>
    }

    /// Where the file was read from (for error messages).
    public let url: URL
    /// Every tensor in the file, by name.
    public let tensors: [String: TensorInfo]
    /// Free-form `__metadata__` strings of the header, if any.
    public let metadata: [String: String]
    private let payload: Data

    /// Reads and validates a safetensors file.
    ///
    /// - Throws: ``SafeTensorsError`` if the file cannot be read, its header is not valid
    ///   safetensors JSON, or a tensor's byte range does not fit its shape or the file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError(url: url, reason: .unreadable("\(error.localizedDescription)"))
        }
        try self.init(data: data, url: url)
    }

    /// Parses safetensors bytes already in memory; `url` is only used in error messages.
    public init(data: Data, url: URL) throws {
        self.url = url
        guard data.count >= 8 else { throw SafeTensorsError(url: url, reason: .truncated(bytes: data.count)) }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(data[data.startIndex + index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(data.count - 8), headerLength < 100_000_000 else {
            throw SafeTensorsError(url: url, reason: .badHeaderLength(headerLength, fileSize: data.count))
        }
        let headerStart = data.startIndex + 8
        let headerEnd = headerStart + Int(headerLength)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data.subdata(in: headerStart..<headerEnd))
        } catch {
            throw SafeTensorsError(url: url, reason: .badHeader("the header is not JSON"))
        }
        guard let entries = json as? [String: Any] else {
            throw SafeTensorsError(url: url, reason: .badHeader("the header is not a JSON object"))
        }
        let payload = data.subdata(in: headerEnd..<data.endIndex)
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                for (key, item) in value as? [String: Any] ?? [:] { metadata[key] = "\(item)" }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = (entry["shape"] as? [NSNumber])?.map(\.intValue),
                let offsets = (entry["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2
            else { throw SafeTensorsError(url: url, reason: .badHeader("tensor \(name) lacks dtype, shape or data_offsets")) }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= payload.count else {
                throw SafeTensorsError(url: url, reason: .outOfBounds(tensor: name))
            }
            let elementCount = shape.reduce(1, *)
            if let size = Self.elementSize(dtype), elementCount * size != offsets[1] - offsets[0] {
                throw SafeTensorsError(url: url, reason: .outOfBounds(tensor: name))
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
        }
        self.tensors = tensors
        self.metadata = metadata
        self.payload = payload
    }

    /// The values of an `F32` tensor, row-major, after checking its shape.
    ///
    /// - Parameter shape: the expected dimensions; pass `nil` to accept any shape.
    /// - Throws: ``SafeTensorsError`` if the tensor is missing, not `F32`, or of another shape.
    public func floats(_ name: String, shape: [Int]? = nil) throws -> [Float] {
        guard let info = tensors[name] else { throw SafeTensorsError(url: url, reason: .missingTensor(name)) }
        guard info.dtype == "F32" else {
            throw SafeTensorsError(url: url, reason: .unsupportedType(tensor: name, dtype: info.dtype))
        }
        if let shape, shape != info.shape {
            throw SafeTensorsError(url: url, reason: .wrongShape(tensor: name, expected: shape, found: info.shape))
        }
        let count = info.byteRange.count / 4
        var values = [Float](repeating: 0, count: count)
        payload.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: info.byteRange.lowerBound)
            for index in 0..<count {
                let bits = base.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)
                values[index] = Float(bitPattern: UInt32(littleEndian: bits))
            }
        }
        return values
    }

    private static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": 8
        case "F32", "I32", "U32": 4
        case "F16", "BF16", "I16", "U16": 2
        case "I8", "U8", "BOOL": 1
        default: nil
        }
    }
}

/// Why a safetensors model file could not be used.
public struct SafeTensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// The file could not be read at all.
        case unreadable(String)
        /// The file is shorter than the 8-byte header length.
        case truncated(bytes: Int)
        /// The header length is larger than the file.
        case badHeaderLength(UInt64, fileSize: Int)
        /// The header is not the JSON safetensors expects.
        case badHeader(String)
        /// A tensor's byte range lies outside the file or does not match its shape.
        case outOfBounds(tensor: String)
        /// The model needs a tensor the file does not have.
        case missingTensor(String)
        /// The tensor has a type other than `F32`.
        case unsupportedType(tensor: String, dtype: String)
        /// The tensor has another shape than the model needs.
        case wrongShape(tensor: String, expected: [Int], found: [Int])
    }

    /// The file concerned.
    public var url: URL
    /// What was wrong with it.
    public var reason: Reason

    /// Creates an error about `url`.
    public init(url: URL, reason: Reason) {
        self.url = url
        self.reason = reason
    }

    /// A message that says what went wrong and what to do.
    public var description: String {
        let what: String
        switch reason {
        case .unreadable(let message): what = "cannot be read (\(message))"
        case .truncated(let bytes): what = "is truncated (\(bytes) bytes)"
        case .badHeaderLength(let length, let size): what = "declares a \(length)-byte header in a \(size)-byte file"
        case .badHeader(let message): what = "has an invalid header: \(message)"
        case .outOfBounds(let tensor): what = "has tensor \(tensor) outside the file or of the wrong size"
        case .missingTensor(let tensor): what = "has no tensor named \(tensor)"
        case .unsupportedType(let tensor, let dtype): what = "stores \(tensor) as \(dtype), but only F32 is supported"
        case .wrongShape(let tensor, let expected, let found): what = "stores \(tensor) with shape \(found), expected \(expected)"
        }
        return "model file \(url.path) \(what); it is not the expected model or is damaged: run models/fetch to reinstall it"
    }
}
