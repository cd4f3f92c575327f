import Foundation
import HTTPTypes
import Hummingbird
import Store

/// The identity vault: a participant's real identity, set, read and deleted by the study's admins
/// only. Each access is an audit event naming the participant and who, never the words.
struct IdentityRoutes {
    let backend: ServiceBackend

    /// A participant's identity as the API returns it.
    struct IdentityDetail: Codable {
        var participantID: Int64
        var identity: ParticipantIdentity
        var updatedAt: Date
        var updatedBy: Int64?

        /// The identity held in `row`.
        init(_ row: SealedIdentity, _ identity: ParticipantIdentity) {
            participantID = row.participantID
            self.identity = identity
            updatedAt = row.updatedAt
            updatedBy = row.updatedBy
        }
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.put("participants/:participantID/identity") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .adminOnly, to: "set real identities")
            let identity = try await JSONResponse.decode(ParticipantIdentity.self, from: request, context: context)
            let sealed = try await backend.seal(identity, for: participant, by: user.userID)
            try await backend.store.setSealedIdentity(sealed)
            try await backend.audit(
                user, "identity.write", study: participant.studyID, target: "participant", id,
                details: ["fields": .int(Int64(identity.filledFields))])
            return try JSONResponse.make(IdentityDetail(sealed, identity))
        }
        router.get("participants/:participantID/identity") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .adminOnly, to: "read real identities")
            _ = try backend.identityVault()
            let row = try await backend.store.sealedIdentity(participantID: id)
            try await backend.audit(
                user, "identity.read", study: participant.studyID, target: "participant", id, details: ["found": .bool(row != nil)])
            guard let row else { throw APIError.identityMissing(id) }
            let identity = try await backend.open(row, studyID: participant.studyID)
            return try JSONResponse.make(IdentityDetail(row, identity))
        }
        router.delete("participants/:participantID/identity") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("participantID", as: Int64.self)
            let (participant, _) = try await backend.participant(id, for: user, anyOf: .adminOnly, to: "delete real identities")
            let removed = try await backend.store.removeSealedIdentity(participantID: id)
            try await backend.audit(
                user, "identity.delete", study: participant.studyID, target: "participant", id, details: ["found": .bool(removed)])
            guard removed else { throw APIError.identityMissing(id) }
            return Response(status: .noContent)
        }
    }
}

extension APIError {
    /// The participant has no identity in the vault.
    static func identityMissing(_ participantID: Int64) -> APIError {
        APIError(
            .notFound, code: "identity_missing", "Participant \(participantID) has no identity in the vault.",
            fr: "Le participant \(participantID) n’a pas d’identité dans le coffre.")
    }
}
