import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Participants (pseudonymous cases) and their attributes; every access is audited.
struct ParticipantRoutes {
    let backend: ServiceBackend

    struct CreateParticipant: Codable {
        var pseudonym: String
    }

    struct SetAttribute: Codable {
        var value: String
        var sensitive: Bool?
    }

    /// A participant with the attributes the caller may see.
    struct ParticipantDetail: Codable {
        var participant: Participant
        var attributes: [ParticipantAttribute]
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies/:studyID/participants") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "add participants")
            let body = try await JSONResponse.decode(CreateParticipant.self, from: request, context: context)
            guard Participant.isValidPseudonym(body.pseudonym) else {
                throw APIError(
                    .unprocessableContent, code: "invalid_pseudonym",
                    "`\(body.pseudonym)` is not a valid pseudonym: use 1–32 letters, digits, `-` or `_` (for example P-014), never a real name.", fr: "`\(body.pseudonym)` n’est pas un pseudonyme valide : utilisez de 1 à 32 lettres, chiffres, `-` ou `_` (par exemple P-014), jamais un vrai nom."
                )
            }
            let participant = try await backend.store.createParticipant(studyID: studyID, pseudonym: body.pseudonym)
            try await backend.audit(user, "participant.create", study: studyID, target: "participant", participant.id)
            return try JSONResponse.make(participant, status: .created)
        }
        router.get("studies/:studyID/participants") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "list participants")
            let participants = try await backend.store.participants(studyID: studyID)
            try await backend.audit(user, "participant.list", study: studyID, target: "study", studyID)
            return try JSONResponse.make(participants)
        }
        router.get("participants/:participantID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, role) = try await backend.participant(id, for: user, anyOf: .anyMember, to: "read participants")
            let attributes = try await backend.store.attributes(participantID: id, includeSensitive: role != .coder)
            try await backend.audit(user, "participant.read", study: participant.studyID, target: "participant", id)
            return try JSONResponse.make(ParticipantDetail(participant: participant, attributes: attributes))
        }
        router.put("participants/:participantID/attributes/:name") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let name = try context.parameters.require("name")
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "edit participant attributes")
            let body = try await JSONResponse.decode(SetAttribute.self, from: request, context: context)
            let decodedName = name.removingPercentEncoding ?? name
            try await backend.store.setAttribute(
                participantID: id, name: decodedName, value: body.value, isSensitive: body.sensitive ?? false)
            try await backend.audit(user, "participant.update", study: participant.studyID, target: "participant", id)
            let attributes = try await backend.store.attributes(participantID: id, includeSensitive: true)
            return try JSONResponse.make(ParticipantDetail(participant: participant, attributes: attributes))
        }
        router.delete("participants/:participantID/attributes/:name") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let name = try context.parameters.require("name")
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .managers, to: "edit participant attributes")
            try await backend.store.removeAttribute(participantID: id, name: name.removingPercentEncoding ?? name)
            try await backend.audit(user, "participant.update", study: participant.studyID, target: "participant", id)
            let attributes = try await backend.store.attributes(participantID: id, includeSensitive: true)
            return try JSONResponse.make(ParticipantDetail(participant: participant, attributes: attributes))
        }
        router.get("participants/:participantID/erasure") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .adminOnly, to: "erase participants")
            let plan = try await backend.store.erasurePlan(participantID: id)
            try await backend.audit(user, "participant.erasure.preview", study: participant.studyID, target: "participant", id)
            return try JSONResponse.make(plan)
        }
        router.delete("participants/:participantID") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            _ = try await backend.participant(id, for: user, anyOf: .adminOnly, to: "erase participants")
            let reason = request.uri.queryParameters.get("reason") ?? "erasure requested"
            let uploads = try await ImportFolderSweep.pendingImports(store: backend.store).filter { $0.participantID == id }
            let report = try await backend.store.eraseParticipant(id, actorID: user.userID, reason: reason)
            // The erased jobs' wearable files go too: nothing of the participant stays in the data folder.
            ImportFolderSweep.remove(uploads, configuration: backend.configuration)
            return try JSONResponse.make(report.forResponse)
        }
    }
}
