import Foundation

/// Studies, users and their memberships and roles in studies.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol StudyStore: Sendable {
    /// Stores a new study.
    func createStudy(name: String, details: String) async throws -> Study
    /// The study with this id, or `nil`.
    func study(id: Int64) async throws -> Study?
    /// All studies, by id.
    func studies() async throws -> [Study]
    /// Sets a study's coding settings in one transaction: blind coding, blind names, and whether
    /// its coders see only pseudonymised text (``Study/pseudonymisedForCoders``).
    func setStudySettings(studyID: Int64, blindCoding: Bool, blindNames: Bool, pseudonymisedForCoders: Bool) async throws -> Study
    /// Stores a new user; the e-mail must be unique.
    func createUser(name: String, email: String) async throws -> User
    /// The user with this id, or `nil`.
    func user(id: Int64) async throws -> User?
    /// The user with this e-mail address (case-insensitive), or `nil`.
    func user(email: String) async throws -> User?
    /// All users, by id.
    func users() async throws -> [User]
    /// Gives `userID` the `role` in `studyID`, replacing any previous role; `.conflict` when that
    /// would leave a study that has an administrator without one.
    func setMembership(studyID: Int64, userID: Int64, role: StudyRole) async throws
    /// The members of a study.
    func memberships(studyID: Int64) async throws -> [StudyMembership]
    /// Whether the study exists and the user's role in it, in one read (the check every request makes).
    func access(studyID: Int64, userID: Int64) async throws -> StudyAccess
    /// Removes a user from a study (their codings stay, attributed to them); `.conflict` when they
    /// are its last administrator.
    func removeMembership(studyID: Int64, userID: Int64) async throws
}
