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

    struct SetMember: Codable {
        var role: StudyRole
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies") { request, context in
            let user = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(user, to: "create studies")
            let body = try await JSONResponse.decode(CreateStudy.self, from: request, context: context)
            guard !body.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError.badRequest("A study needs a non-empty `name`.")
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
        router.get("studies/:studyID/members") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "list the members of this study")
            return try JSONResponse.make(try await backend.store.memberships(studyID: studyID))
        }
        router.put("studies/:studyID/members/:userID") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let memberID = try context.parameters.require("userID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the members of this study")
            let body = try await JSONResponse.decode(SetMember.self, from: request, context: context)
            guard try await backend.store.user(id: memberID) != nil else { throw APIError.notFound("User", memberID) }
            try await backend.store.setMembership(studyID: studyID, userID: memberID, role: body.role)
            try await backend.audit(
                user, "membership.set", study: studyID, target: "user", memberID, details: ["role": .string(body.role.rawValue)])
            return try JSONResponse.make(StudyMembership(studyID: studyID, userID: memberID, role: body.role))
        }
    }
}
