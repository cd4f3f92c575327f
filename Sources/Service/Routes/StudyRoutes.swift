import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Studies and their members: `/studies`, `/studies/{studyID}`, `/studies/{studyID}/members`.
struct StudyRoutes {
    let backend: ServiceBackend

    struct CreateStudy: Codable {
        var name: String
        var details: String?
    }

    /// `PATCH /studies/{studyID}`: the blind double coding and privacy settings (omitted ones keep their value).
    struct StudySettings: Codable {
        var blindCoding: Bool?
        var blindNames: Bool?
        var pseudonymisedForCoders: Bool?
    }

    struct SetMember: Codable {
        var role: StudyRole
    }

    /// What `POST /studies/{studyID}/members` accepts: an existing user's e-mail address and a role.
    struct AddMember: Codable {
        var email: String
        var role: StudyRole
    }

    /// A member as `GET /studies/{studyID}/members` lists them: the membership and the user's name.
    struct Member: Codable {
        var studyID: Int64
        var userID: Int64
        var role: StudyRole
        var name: String
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies") { request, context in
            let user = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(user, to: "create studies")
            let body = try await JSONResponse.decode(CreateStudy.self, from: request, context: context)
            guard !body.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("A study needs a non-empty `name`.", fr: "Une étude a besoin d’un `name` non vide.")
            }
            let study = try await backend.store.createStudy(name: body.name, details: body.details ?? "")
            try await backend.store.setMembership(studyID: study.id!, userID: user.userID, role: .admin)
            try await backend.audit(user, "study.create", study: study.id, target: "study", study.id)
            return try JSONResponse.make(study, status: .created)
        }
        router.get("studies") { _, context in
            let user = try context.requireIdentity()
            var visible: [Study] = []
            for study in try await backend.store.studies() {
                if try await backend.access.role(of: user, in: study.id!) != nil { visible.append(study) }
            }
            return try JSONResponse.make(visible)
        }
        router.get("studies/:studyID") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "read this study")
            guard let study = try await backend.store.study(id: studyID) else { throw APIError.notFound("Study", studyID) }
            return try JSONResponse.make(study)
        }
        router.patch("studies/:studyID") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the settings of this study")
            let body = try await JSONResponse.decode(StudySettings.self, from: request, context: context)
            guard let study = try await backend.store.study(id: studyID) else { throw APIError.notFound("Study", studyID) }
            let updated = try await backend.store.setStudySettings(
                studyID: studyID, blindCoding: body.blindCoding ?? study.blindCoding, blindNames: body.blindNames ?? study.blindNames,
                pseudonymisedForCoders: body.pseudonymisedForCoders ?? study.pseudonymisedForCoders)
            try await backend.audit(
                user, "study.settings", study: studyID, target: "study", studyID,
                details: [
                    "blindCoding": .bool(updated.blindCoding), "blindNames": .bool(updated.blindNames),
                    "pseudonymisedForCoders": .bool(updated.pseudonymisedForCoders),
                ])
            return try JSONResponse.make(updated)
        }
        router.get("studies/:studyID/members") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "list the members of this study")
            let names = Dictionary(try await backend.store.users().map { ($0.id ?? 0, $0.name) }, uniquingKeysWith: { first, _ in first })
            return try JSONResponse.make(
                try await backend.store.memberships(studyID: studyID).map {
                    Member(studyID: $0.studyID, userID: $0.userID, role: $0.role, name: names[$0.userID] ?? "")
                })
        }
        router.post("studies/:studyID/members") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the members of this study")
            let body = try await JSONResponse.decode(AddMember.self, from: request, context: context)
            let email = body.email.trimmingCharacters(in: .whitespaces)
            guard !email.isEmpty, email.count <= 320, let member = try await backend.store.user(email: email), let memberID = member.id else {
                throw APIError(
                    .notFound, code: "no_such_user",
                    "No user has the e-mail address \(email); an installation administrator creates users first.",
                    fr: "Aucun utilisateur n’a l’adresse \(email) ; un administrateur de l’installation crée d’abord les utilisateurs.")
            }
            try await Self.keepingAnAdmin(studyID: studyID, userID: memberID) {
                try await backend.store.setMembership(studyID: studyID, userID: memberID, role: body.role)
            }
            try await backend.audit(
                user, "membership.set", study: studyID, target: "user", memberID, details: ["role": .string(body.role.rawValue)])
            return try JSONResponse.make(Member(studyID: studyID, userID: memberID, role: body.role, name: member.name), status: .created)
        }
        router.put("studies/:studyID/members/:userID") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let memberID = try context.parameters.require("userID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the members of this study")
            let body = try await JSONResponse.decode(SetMember.self, from: request, context: context)
            guard try await backend.store.user(id: memberID) != nil else { throw APIError.notFound("User", memberID) }
            try await Self.keepingAnAdmin(studyID: studyID, userID: memberID) {
                try await backend.store.setMembership(studyID: studyID, userID: memberID, role: body.role)
            }
            try await backend.audit(
                user, "membership.set", study: studyID, target: "user", memberID, details: ["role": .string(body.role.rawValue)])
            return try JSONResponse.make(StudyMembership(studyID: studyID, userID: memberID, role: body.role))
        }
        router.delete("studies/:studyID/members/:userID") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let memberID = try context.parameters.require("userID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the members of this study")
            // Access is checked against the memberships on every request: the next one is refused.
            try await Self.keepingAnAdmin(studyID: studyID, userID: memberID) {
                try await backend.store.removeMembership(studyID: studyID, userID: memberID)
            }
            try await backend.audit(user, "membership.remove", study: studyID, target: "user", memberID)
            return Response(status: .noContent)
        }
    }

    /// Runs a membership change, answering the store's refusal to leave a study without an
    /// administrator as `409 last_study_admin`.
    static func keepingAnAdmin(studyID: Int64, userID: Int64, _ change: () async throws -> Void) async throws {
        do {
            try await change()
        } catch let error as StoreError where error.kind == .conflict {
            throw APIError(
                .conflict, code: "last_study_admin",
                "User \(userID) is the last administrator of study \(studyID); give another member the admin role first (PUT /studies/\(studyID)/members/{userID}).",
                fr: "L’utilisateur \(userID) est le dernier administrateur de l’étude \(studyID) ; donnez d’abord le rôle d’administrateur à un autre membre (PUT /studies/\(studyID)/members/{userID}).")
        }
    }
}
