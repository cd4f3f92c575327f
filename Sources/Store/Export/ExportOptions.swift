import Foundation

/// The choices of one export, shared by every format.
public struct ExportOptions: Sendable, Hashable {
    /// Only this recording (a single file for per-recording formats); `nil` for the whole study.
    public var recordingID: Int64?
    /// Include case variables flagged sensitive (JSON, REFI-QDA).
    public var includeSensitive: Bool
    /// The language of the words written for people (headers, titles, blinded coder names).
    public var language: UserLanguage
    /// Write coders as "Coder 1", "Coder 2"... (numbered by user id) instead of their names.
    public var blindCoders: Bool
    /// With `blindCoders`, the person whose own name stays (the coder who exports, as in the pages).
    public var ownName: Int64?
    /// The export's date (document headers, ZIP entry times).
    public var date: Date
    /// Where a REFI-QDA project puts the codings.
    public var qdpxCodings: QDPXExport.CodingPlacement
    /// A pseudonymised export (``ExportBundle/pseudonymised(_:)``): no media embedded unless
    /// ``redactedMedia``.
    public var pseudonymised: Bool
    /// The recordings' media paths name redacted copies (identifying spans replaced by a tone or
    /// silence): a pseudonymised REFI-QDA project embeds them, whatever their size.
    public var redactedMedia = false
    /// The keys of media encrypted at rest, to put their plain bytes in archives (`nil`: media in clear).
    public var mediaKeys: StudyKeyring?

    /// Creates options; French by default, the language of most users.
    public init(
        recordingID: Int64? = nil, includeSensitive: Bool = false, language: UserLanguage = .fr, blindCoders: Bool = false,
        date: Date = Date(), ownName: Int64? = nil, qdpxCodings: QDPXExport.CodingPlacement = .textSource, pseudonymised: Bool = false
    ) {
        self.pseudonymised = pseudonymised
        self.qdpxCodings = qdpxCodings
        self.ownName = ownName
        self.recordingID = recordingID
        self.includeSensitive = includeSensitive
        self.language = language
        self.blindCoders = blindCoders
        self.date = date
    }
}
