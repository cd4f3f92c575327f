import Foundation

/// A person who uses Verbatim (researcher, coder, administrator).
public struct User: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// Display name, shown as the coder in exports.
    public var name: String
    /// Login e-mail address, unique.
    public var email: String
    /// When the account was created (UTC).
    public var createdAt: Date

    /// Creates a user value; the store assigns `id`.
    public init(id: Int64? = nil, name: String, email: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.email = email
        self.createdAt = createdAt
    }
}

/// What a user may do in one study.
public enum StudyRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// Manages members, participants and erasure.
    case admin
    /// Uploads recordings, edits transcripts, reads sensitive attributes.
    case researcher
    /// Codes transcripts; sees pseudonyms but not sensitive attributes.
    case coder
}

/// A user's role in a study.
public struct StudyMembership: Codable, Sendable, Hashable {
    /// The study.
    public var studyID: Int64
    /// The member.
    public var userID: Int64
    /// The member's role in this study.
    public var role: StudyRole

    /// Creates a membership value.
    public init(studyID: Int64, userID: Int64, role: StudyRole) {
        self.studyID = studyID
        self.userID = userID
        self.role = role
    }
}
