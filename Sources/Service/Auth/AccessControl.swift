import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Who may do what: the role checks every endpoint runs before touching data.
///
/// Installation administrators (``AuthenticatedUser/isAdmin``) act as `admin` in every study;
/// everyone else needs a membership in the study with one of the allowed roles.
public struct AccessControl: Sendable {
    let store: any Store

    /// Creates the checker over `store`.
    public init(store: any Store) {
        self.store = store
    }

    /// The caller's role in `studyID`, or `nil` if they are not a member.
    public func role(of user: AuthenticatedUser, in studyID: Int64) async throws -> StudyRole? {
        if user.isAdmin { return .admin }
        if case .member(let role) = try await store.access(studyID: studyID, userID: user.userID) { return role }
        return nil
    }

    /// Checks that the study exists and the caller holds one of `roles` in it; returns the role held.
    @discardableResult
    public func require(_ user: AuthenticatedUser, study studyID: Int64, anyOf roles: Set<StudyRole>, to action: String)
        async throws -> StudyRole
    {
        let role: StudyRole
        switch try await store.access(studyID: studyID, userID: user.userID) {
        case .noSuchStudy:
            throw APIError.notFound("Study", studyID)
        case .notMember where user.isAdmin:
            role = .admin
        case .notMember:
            throw APIError(
                .forbidden, code: "not_a_member", "You are not a member of study \(studyID); ask its administrator to add you.",
                fr: "Vous n’êtes pas membre de l’étude \(studyID) ; demandez à son administrateur de vous ajouter.")
        case .member(let held):
            role = user.isAdmin ? .admin : held
        }
        guard roles.contains(role) else { throw APIError.forbidden(action) }
        return role
    }

    /// Checks that the caller administers the installation.
    public func requireInstallationAdmin(_ user: AuthenticatedUser, to action: String) throws {
        guard user.isAdmin else {
            throw APIError(
                .forbidden, code: "forbidden", "Only an installation administrator may \(action).",
                fr: "Seul un administrateur de l’installation peut \(FrenchTerms.action(action)).")
        }
    }
}

extension Set where Element == StudyRole {
    /// Every role.
    static let anyMember: Set<StudyRole> = [.admin, .researcher, .coder]
    /// Roles that manage a study's data: admin and researcher.
    static let managers: Set<StudyRole> = [.admin, .researcher]
    /// Only the study's admin.
    static let adminOnly: Set<StudyRole> = [.admin]
}
