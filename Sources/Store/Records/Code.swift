import Foundation

/// A code of a study's hierarchical codebook.
public struct Code: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study whose codebook holds the code.
    public var studyID: Int64
    /// The parent code, `nil` at the top level.
    public var parentID: Int64?
    /// Name, unique among siblings.
    public var name: String
    /// Display colour as `#RRGGBB`.
    public var color: String
    /// Definition and coding rules.
    public var details: String
    /// When the code was created (UTC).
    public var createdAt: Date

    /// Creates a code value; the store assigns `id`.
    public init(
        id: Int64? = nil, studyID: Int64, parentID: Int64? = nil, name: String, color: String = "#808080",
        details: String = "", createdAt: Date = Date()
    ) {
        self.id = id
        self.studyID = studyID
        self.parentID = parentID
        self.name = name
        self.color = color
        self.details = details
        self.createdAt = createdAt
    }

    /// Whether `color` has the form `#RRGGBB`.
    public static func isValidColor(_ color: String) -> Bool {
        let scalars = Array(color.unicodeScalars)
        guard scalars.count == 7, scalars[0] == "#" else { return false }
        return scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }
}

/// A coder's code applied to a span of a transcript version.
public struct Coding: Codable, Sendable, Hashable {
    /// The coder id that exports give consensus codings, with a user named ``consensusName``.
    public static let consensusCoderID: Int64 = 0
    /// The name the consensus goes by in the pages, retrieval and exports (the same word in French and English).
    public static let consensusName = "Consensus"

    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The transcript version coded.
    public var transcriptID: Int64
    /// The code applied.
    public var codeID: Int64
    /// The user who applied it.
    public var coderID: Int64
    /// First character (Unicode scalar offset) of the span in the transcript's text.
    public var charStart: Int
    /// One past the last character of the span.
    public var charEnd: Int
    /// Start time of the span in seconds (start of the segment holding `charStart`).
    public var startTime: Double
    /// End time of the span in seconds (end of the segment holding the last character).
    public var endTime: Double
    /// When the coding was made (UTC).
    public var createdAt: Date
    /// Whether the coding belongs to the consensus of a transcript's coders rather than to one coder.
    public var isConsensus: Bool
    /// Who decided a consensus coding (`coderID` is the same person); `nil` for a coder's own coding.
    public var decidedBy: Int64?

    /// Creates a coding value.
    public init(
        id: Int64? = nil, transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int,
        startTime: Double, endTime: Double, createdAt: Date = Date(), isConsensus: Bool = false, decidedBy: Int64? = nil
    ) {
        self.isConsensus = isConsensus
        self.decidedBy = decidedBy
        self.id = id
        self.transcriptID = transcriptID
        self.codeID = codeID
        self.coderID = coderID
        self.charStart = charStart
        self.charEnd = charEnd
        self.startTime = startTime
        self.endTime = endTime
        self.createdAt = createdAt
    }
}

/// A researcher's note, on the study or attached to a participant, recording, transcript, code or coding.
public struct Memo: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study.
    public var studyID: Int64
    /// The author, if still a user.
    public var authorID: Int64?
    /// Short title.
    public var title: String
    /// The note itself.
    public var text: String
    /// Attached participant, if any.
    public var participantID: Int64?
    /// Attached recording, if any.
    public var recordingID: Int64?
    /// Attached transcript version, if any.
    public var transcriptID: Int64?
    /// Attached code, if any.
    public var codeID: Int64?
    /// Attached coding, if any.
    public var codingID: Int64?
    /// When the memo was written (UTC).
    public var createdAt: Date

    /// Creates a memo value; the store assigns `id`.
    public init(
        id: Int64? = nil, studyID: Int64, authorID: Int64?, title: String, text: String, participantID: Int64? = nil,
        recordingID: Int64? = nil, transcriptID: Int64? = nil, codeID: Int64? = nil, codingID: Int64? = nil,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.studyID = studyID
        self.authorID = authorID
        self.title = title
        self.text = text
        self.participantID = participantID
        self.recordingID = recordingID
        self.transcriptID = transcriptID
        self.codeID = codeID
        self.codingID = codingID
        self.createdAt = createdAt
    }
}
