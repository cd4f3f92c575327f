import Foundation

/// The `details` of an audit event: named values written as one JSON object by `JSONEncoder`,
/// never assembled by hand, so that no value (a request header, a reason typed by a user) can
/// add fields to a hash-chained event.
///
/// ```swift
/// let details: AuditDetails = ["range": .string(header), "rows": .int(42)]
/// ```
public struct AuditDetails: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One value of the details.
    public enum Value: Sendable, Hashable, Encodable {
        /// Text, escaped by the encoder.
        case string(String)
        /// A whole number.
        case int(Int64)
        /// A number.
        case double(Double)
        /// A flag.
        case bool(Bool)
        /// Identifiers.
        case ids([Int64])

        /// Encodes the bare value.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value.isFinite ? value : 0)
            case .bool(let value): try container.encode(value)
            case .ids(let value): try container.encode(value)
            }
        }
    }

    /// The named values.
    public var fields: [String: Value]

    /// Details with these fields.
    public init(_ fields: [String: Value] = [:]) { self.fields = fields }

    /// Details from a literal such as `["hits": .int(3)]`.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.fields = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// No details.
    public static let none = AuditDetails()

    /// The JSON object with sorted keys, or the empty string when there are no fields.
    public var json: String {
        guard !fields.isEmpty else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and arrays of numbers cannot fail.
        guard let data = try? encoder.encode(fields) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
