import Foundation
import HTTPTypes
import Hummingbird
import Pseudonymisation
import Store

/// Pseudonymisation of transcripts: the detector's proposals, the review's decisions and marked
/// spans, and the pseudonymised text. Reviewing is for the study's managers; every member may
/// read the pseudonymised text. The audit log records counts and decisions, never the words.
struct RedactionRoutes {
    let backend: ServiceBackend
    private var review: RedactionReview { RedactionReview(backend: backend) }

    struct Decision: Codable {
        /// `accept` or `reject`.
        var decision: String
    }

    struct MarkedSpan: Codable {
        var charStart: Int
        var charEnd: Int
        var kind: String
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("transcripts/:transcriptID/redactions/proposals") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (transcript, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "review pseudonymisation")
            let (proposed, stored) = try await review.propose(transcript, studyID: recording.studyID, for: user)
            try await backend.audit(
                user, "redaction.propose", study: recording.studyID, target: "transcript", id,
                details: ["proposed": .int(Int64(proposed)), "spans": .int(Int64(stored.count))])
            return try JSONResponse.make(stored)
        }
        router.get("transcripts/:transcriptID/redactions") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            _ = try await backend.transcript(id, for: user, anyOf: .managers, to: "review pseudonymisation")
            return try JSONResponse.make(try await store().redactions(transcriptID: id))
        }
        router.post("transcripts/:transcriptID/redactions") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "review pseudonymisation")
            let body = try await JSONResponse.decode(MarkedSpan.self, from: request, context: context)
            guard let kind = IdentifierKind(rawValue: body.kind) else {
                let kinds = IdentifierKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError(
                    .unprocessableContent, code: "unknown_kind", "`\(body.kind)` is not a kind of identifier; use one of \(kinds).",
                    fr: "`\(body.kind)` n’est pas un type d’identifiant ; utilisez l’un de \(kinds).")
            }
            let redaction = try await store().addRedaction(
                transcriptID: id, charStart: body.charStart, charEnd: body.charEnd, kind: kind, deciderID: user.userID, at: Date())
            try await backend.audit(
                user, "redaction.mark", study: recording.studyID, target: "redaction", redaction.id, details: ["kind": .string(kind.rawValue)])
            return try JSONResponse.make(redaction, status: .created)
        }
        router.put("redactions/:redactionID") { request, context in
            let user = try context.requireIdentity()
            let redactionID = try context.parameters.require("redactionID", as: Int64.self)
            guard let redaction = try await store().redaction(id: redactionID) else { throw APIError.notFound("Redaction", redactionID) }
            let (_, recording, _) = try await backend.transcript(
                redaction.transcriptID, for: user, anyOf: .managers, to: "review pseudonymisation")
            let body = try await JSONResponse.decode(Decision.self, from: request, context: context)
            guard body.decision == "accept" || body.decision == "reject" else {
                throw APIError(
                    .unprocessableContent, code: "invalid_decision", "`\(body.decision)` is not a decision; send `accept` or `reject`.",
                    fr: "`\(body.decision)` n’est pas une décision ; envoyez `accept` ou `reject`.")
            }
            let decided = try await store().decideRedaction(
                id: redactionID, accept: body.decision == "accept", deciderID: user.userID, at: Date())
            try await backend.audit(
                user, "redaction.decide", study: recording.studyID, target: "redaction", redactionID,
                details: ["decision": .string(body.decision), "kind": .string(decided.kind.rawValue)])
            return try JSONResponse.make(decided)
        }
        router.get("transcripts/:transcriptID/pseudonymised") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (transcript, recording, role) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "read pseudonymised transcripts")
            // A coder restricted to pseudonymised text waits for the review: proposed spans are not replaced yet.
            _ = try await CoderPseudonyms(backend: backend).map(of: transcript, studyID: recording.studyID, role: role)
            return try JSONResponse.make(try await store().pseudonymisedTranscript(transcriptID: id))
        }
    }

    private func store() -> any RedactionStore { review.store() }
}
