import Foundation

/// A study's retention rule, as ethics committees ask for it: the original media of a recording
/// is deleted `days` days after its transcript is validated, keeping, if asked, a redacted copy
/// (the identifying spans replaced by a tone or silence).
public struct RetentionRule: Codable, Sendable, Hashable {
    /// What replaces the identifying spans in the copy that is kept.
    public enum Fill: String, Codable, Sendable, CaseIterable {
        case tone, silence
    }

    /// The study.
    public var studyID: Int64
    /// Days between validation and deletion (0: at the next sweep after validation).
    public var days: Int
    /// Keep a redacted copy of the audio in place of the original.
    public var keepRedactedMedia: Bool
    /// What replaces the spans in that copy.
    public var fill: Fill
    /// Who set the rule.
    public var setBy: Int64?
    /// When (UTC).
    public var setAt: Date

    /// The longest delay accepted (about 30 years): longer is no rule at all.
    public static let maximumDays = 11_000

    /// Creates a rule.
    public init(studyID: Int64, days: Int, keepRedactedMedia: Bool, fill: Fill = .tone, setBy: Int64? = nil, setAt: Date = Date()) {
        self.studyID = studyID
        self.days = days
        self.keepRedactedMedia = keepRedactedMedia
        self.fill = fill
        self.setBy = setBy
        self.setAt = setAt
    }

    /// When media validated at `validatedAt` is due for deletion.
    public func dueDate(validatedAt: Date) -> Date {
        validatedAt.addingTimeInterval(Double(days) * 86_400)
    }
}
