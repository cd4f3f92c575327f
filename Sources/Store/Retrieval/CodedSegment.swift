import Foundation

/// One coded span as the retrieval of "all segments coded X" lists it: the coding with its text
/// and where it was said (recording, speaker, cases, time).
public struct CodedSegment: Sendable, Hashable, Codable {
    /// The coding.
    public var codingID: Int64
    /// The code applied.
    public var codeID: Int64
    /// The coder.
    public var coderID: Int64
    /// The coder's name ("Consensus" for the consensus), `nil` when the user is gone.
    public var coderName: String?
    /// Whether the coding is the consensus of double coding (``Coding/isConsensus``).
    public var isConsensus: Bool
    /// The recording.
    public var recordingID: Int64
    /// The recording's title.
    public var recordingTitle: String
    /// The transcript version coded (the recording's current one).
    public var transcriptID: Int64
    /// The coded text.
    public var text: String
    /// First character (Unicode scalar offset) of the span in the transcript's text.
    public var charStart: Int
    /// One past the last character of the span.
    public var charEnd: Int
    /// Start time in seconds.
    public var startTime: Double
    /// End time in seconds.
    public var endTime: Double
    /// The label of the speaker where the span starts, if diarized.
    public var speakerLabel: String?
    /// The cases the span belongs to (``CodedSegment/cases(speakerParticipantID:speakerIsInterviewer:recordingLinks:)``).
    public var participantIDs: [Int64]

    /// Creates a coded segment value.
    public init(
        codingID: Int64, codeID: Int64, coderID: Int64, coderName: String?, recordingID: Int64, recordingTitle: String,
        transcriptID: Int64, text: String, charStart: Int, charEnd: Int, startTime: Double, endTime: Double,
        speakerLabel: String?, participantIDs: [Int64], isConsensus: Bool = false
    ) {
        self.isConsensus = isConsensus
        self.codingID = codingID
        self.codeID = codeID
        self.coderID = coderID
        self.coderName = coderName
        self.recordingID = recordingID
        self.recordingTitle = recordingTitle
        self.transcriptID = transcriptID
        self.text = text
        self.charStart = charStart
        self.charEnd = charEnd
        self.startTime = startTime
        self.endTime = endTime
        self.speakerLabel = speakerLabel
        self.participantIDs = participantIDs
    }

    /// The cases (participants) a span belongs to: the participant identified as its speaker;
    /// none when the speaker is the interviewer; else the participants linked to the recording
    /// in any role but interviewer.
    public static func cases(
        speakerParticipantID: Int64?, speakerIsInterviewer: Bool, recordingLinks: [RecordingParticipant]
    ) -> [Int64] {
        if let speakerParticipantID { return [speakerParticipantID] }
        if speakerIsInterviewer { return [] }
        return recordingLinks.filter { $0.role != .interviewer }.map(\.participantID).sorted()
    }
}

/// Which coded segments to retrieve (every filter is optional; all given ones must hold).
public struct CodedSegmentQuery: Sendable, Hashable {
    /// Only codings of these codes (all codes when `nil`).
    public var codeIDs: Set<Int64>?
    /// Only codings by this coder.
    public var coderID: Int64?
    /// Only spans of this case.
    public var participantID: Int64?
    /// Only spans of cases that have every one of these attributes (name and value, exact).
    public var attributes: [AttributeFilter]
    /// Whether attribute filters may match sensitive attributes (never for coders).
    public var includeSensitive: Bool

    /// Creates a query.
    public init(
        codeIDs: Set<Int64>? = nil, coderID: Int64? = nil, participantID: Int64? = nil, attributes: [AttributeFilter] = [],
        includeSensitive: Bool = false
    ) {
        self.codeIDs = codeIDs
        self.coderID = coderID
        self.participantID = participantID
        self.attributes = attributes
        self.includeSensitive = includeSensitive
    }
}

/// A case-attribute filter: `sexe = F`.
public struct AttributeFilter: Sendable, Hashable, Codable {
    /// Attribute name.
    public var name: String
    /// Required value.
    public var value: String

    /// Creates a filter.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses `name:value` (the value may hold colons); `nil` when there is no colon or no name.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        self.init(name: name, value: text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}
