import Foundation

/// The parameters of one kind of job, stored as JSON in the job's `payload`.
public protocol JobPayload: Codable, Sendable {
    /// The job kind workers claim.
    static var kind: String { get }
}

extension JobPayload {
    /// The JSON payload stored in the job (keys sorted, so equal requests give equal payloads).
    public func payload() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Decodes a job's payload.
    public static func decode(payload: String) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(payload.utf8))
    }
}
