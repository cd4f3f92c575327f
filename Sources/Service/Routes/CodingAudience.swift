import Foundation
import Store

/// What one caller may see of a study's coding, and the names they see people by.
///
/// Blind double coding (``Study/blindCoding``): a coder sees only their own codings of a
/// transcript version until they mark it done; admins and researchers see everything.
/// Blind names (``Study/blindNames``): a coder sees everyone else as "Coder N" ("Codeur N"),
/// N being the person's rank by user id among the study's members.
struct CodingAudience: Sendable {
    let userID: Int64
    let role: StudyRole
    let study: Study
    let language: UserLanguage
    private let names: [Int64: String]
    private let memberIDs: [Int64]

    /// The name consensus codings carry (``Coding/consensusName``).
    static let consensusName = Coding.consensusName

    /// Whether the caller manages the study (admin or researcher).
    var isManager: Bool { role != .coder }

    /// Loads the study, its members and the users' names.
    static func load(_ backend: ServiceBackend, user: AuthenticatedUser, role: StudyRole, studyID: Int64, language: UserLanguage)
        async throws -> CodingAudience
    {
        guard let study = try await backend.store.study(id: studyID) else { throw APIError.notFound("Study", studyID) }
        let names = Dictionary(
            try await backend.store.users().compactMap { user in user.id.map { ($0, user.name) } }, uniquingKeysWith: { first, _ in first })
        let members = try await backend.store.memberships(studyID: studyID).map(\.userID)
        return CodingAudience(userID: user.userID, role: role, study: study, language: language, names: names, memberIDs: members)
    }

    /// Whether the caller codes blind on a transcript version with these "done" marks.
    func isBlind(_ completions: [CodingCompletion]) -> Bool {
        study.blindCoding && role == .coder && !completions.contains { $0.coderID == userID }
    }

    /// Whether the caller may see `coding`, given the "done" marks of its transcript version.
    func canSee(_ coding: Coding, completions: [CodingCompletion]) -> Bool {
        !isBlind(completions) || (coding.coderID == userID && !coding.isConsensus)
    }

    /// The name the caller sees a person by.
    func name(of personID: Int64) -> String {
        guard personID != userID, study.blindNames, role == .coder else {
            return names[personID] ?? (language == .fr ? "Utilisateur \(personID)" : "User \(personID)")
        }
        let rank = (Array(Set(memberIDs + [personID])).sorted().firstIndex(of: personID) ?? 0) + 1
        return language == .fr ? "Codeur \(rank)" : "Coder \(rank)"
    }

    /// The name of a coding's coder ("Consensus" for the consensus).
    func coderName(of coding: Coding) -> String {
        coding.isConsensus ? Self.consensusName : name(of: coding.coderID)
    }

    /// A coding as the caller sees it: with its coder's name.
    func named(_ coding: Coding) -> NamedCoding {
        NamedCoding(coding: coding, coderName: coderName(of: coding))
    }
}

/// A value encoded with one more property beside its own, such as the name of a coding's coder
/// as the caller sees it (blind names, "Consensus").
struct Annotated<Value: Encodable & Sendable, Extra: Encodable & Sendable>: Encodable, Sendable {
    var value: Value
    var key: String
    var extra: Extra?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(extra, forKey: Key(stringValue: key))
    }
}

/// A coding with `coderName`.
typealias NamedCoding = Annotated<Coding, String>

extension Annotated where Value == Coding, Extra == String {
    init(coding: Coding, coderName: String) { self.init(value: coding, key: "coderName", extra: coderName) }
}

extension Annotated where Value == Memo, Extra == String {
    /// A memo with `authorName`.
    init(memo: Memo, authorName: String?) { self.init(value: memo, key: "authorName", extra: authorName) }
}

extension Annotated where Value == CodingAgreement, Extra == [String] {
    /// An agreement report with `coderNames`, in the order of `coderIDs`.
    init(agreement: CodingAgreement, coderNames: [String]) { self.init(value: agreement, key: "coderNames", extra: coderNames) }
}
