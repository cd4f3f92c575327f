import Foundation

/// A research study: the unit that owns participants, recordings, a codebook and memberships.
public struct Study: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until the study is stored.
    public var id: Int64?
    /// Human-readable name of the study.
    public var name: String
    /// Free-text description (aims, ethics approval reference...).
    public var details: String
    /// When the study was created (UTC).
    public var createdAt: Date

    /// Creates a study value; the store assigns `id`.
    public init(id: Int64? = nil, name: String, details: String = "", createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.details = details
        self.createdAt = createdAt
    }
}
