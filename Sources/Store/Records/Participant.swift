import Foundation

/// A pseudonymous participant of a study (for example `P-014`), never a real name.
///
/// Participants are the QDA "cases": their ``ParticipantAttribute``s become case variables.
public struct Participant: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study this participant belongs to.
    public var studyID: Int64
    /// The pseudonym, unique within the study: letters, digits, `-` and `_` only.
    public var pseudonym: String
    /// When the participant was enrolled in the store (UTC).
    public var createdAt: Date

    /// Creates a participant value; the store assigns `id`.
    public init(id: Int64? = nil, studyID: Int64, pseudonym: String, createdAt: Date = Date()) {
        self.id = id
        self.studyID = studyID
        self.pseudonym = pseudonym
        self.createdAt = createdAt
    }

    /// Whether `pseudonym` has the allowed shape: 1–32 characters among letters, digits, `-`, `_`.
    public static func isValidPseudonym(_ pseudonym: String) -> Bool {
        guard (1...32).contains(pseudonym.count) else { return false }
        return pseudonym.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
        }
    }
}

/// One case variable of a participant (age band, diagnosis...).
public struct ParticipantAttribute: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The participant the attribute describes.
    public var participantID: Int64
    /// Variable name, unique per participant (for example `age band`).
    public var name: String
    /// Variable value as text (for example `30-39`).
    public var value: String
    /// Health or other special-category data (GDPR art. 9): hidden from coders and flagged in exports.
    public var isSensitive: Bool

    /// Creates an attribute value; the store assigns `id`.
    public init(id: Int64? = nil, participantID: Int64, name: String, value: String, isSensitive: Bool = false) {
        self.id = id
        self.participantID = participantID
        self.name = name
        self.value = value
        self.isSensitive = isSensitive
    }
}
