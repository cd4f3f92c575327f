import Foundation

/// What a user may reach in a study, read in one query: the study may not exist, the user may
/// not be a member, or they hold a role.
public enum StudyAccess: Sendable, Hashable {
    /// There is no study with this id.
    case noSuchStudy
    /// The study exists; the user is not a member.
    case notMember
    /// The user's role in the study.
    case member(StudyRole)
}
