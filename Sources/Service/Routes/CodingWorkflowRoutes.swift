import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Blind double coding of a transcript version: each coder's "done" mark, the coding status the
/// page shows, the disagreements between coders, and the consensus decided on them.
struct CodingWorkflowRoutes {
    let backend: ServiceBackend

    /// One coder of a transcript version, named as the caller sees them.
    struct CoderState: Codable {
        var userID: Int64
        var name: String
        var doneAt: Date?
    }

    /// `GET /transcripts/{transcriptID}/coding-status`.
    struct CodingStatus: Codable {
        var blindCoding: Bool
        var blindNames: Bool
        /// Whether the caller sees only their own codings now.
        var isBlind: Bool
        /// When the caller marked their coding done, if they did.
        var doneAt: Date?
        /// Whether the caller may read the disagreements (and the agreement report).
        var disagreementsOpen: Bool
        /// Whether the caller may decide the consensus and reopen coders' work.
        var canDecide: Bool
        /// The coders of this version the caller may know of.
        var coders: [CoderState]
    }

    /// `GET /transcripts/{transcriptID}/disagreements`.
    struct DisagreementReport: Codable {
        var unitCount: Int
        var coders: [CoderState]
        var disagreements: [CodingDisagreement]
    }

    /// Everything the checks need about one transcript version and one caller.
    struct Context {
        var transcript: Transcript
        var recording: Recording
        var audience: CodingAudience
        var codings: [Coding]
        var completions: [CodingCompletion]

        /// The coders of the version: whoever has codings of their own on it or marked it done, by id.
        var coderIDs: [Int64] {
            Array(Set(codings.filter { !$0.isConsensus }.map(\.coderID) + completions.map(\.coderID))).sorted()
        }

        /// Managers always; a coder once every coder of the version (two at least) has marked done.
        var disagreementsOpen: Bool {
            if audience.isManager { return true }
            let done = Set(completions.map(\.coderID))
            return coderIDs.count >= 2 && coderIDs.allSatisfy(done.contains)
        }

        func coders(visibleOnly: Bool) -> [CoderState] {
            let ids = visibleOnly && audience.isBlind(completions) ? [audience.userID] : coderIDs
            return ids.map { id in
                CoderState(userID: id, name: audience.name(of: id), doneAt: completions.first { $0.coderID == id }?.doneAt)
            }
        }
    }

    /// Loads a transcript version's coding context for the caller, after checking their role.
    static func context(
        _ backend: ServiceBackend, transcriptID: Int64, user: AuthenticatedUser, request: Request, anyOf roles: Set<StudyRole>,
        to action: String
    ) async throws -> Context {
        let (transcript, recording, role) = try await backend.transcript(transcriptID, for: user, anyOf: roles, to: action)
        let language = UserLanguage(acceptLanguage: request.headers[.acceptLanguage])
        let audience = try await CodingAudience.load(backend, user: user, role: role, studyID: recording.studyID, language: language)
        return Context(
            transcript: transcript, recording: recording, audience: audience,
            codings: try await backend.store.codings(transcriptID: transcriptID),
            completions: try await backend.store.codingCompletions(transcriptID: transcriptID))
    }

    /// The refusal a coder gets before every coder has finished.
    static let notOpenYet = APIError(
        .forbidden, code: "forbidden",
        "The comparison between coders opens once every coder of this transcript has marked their coding as done.",
        fr: "La comparaison entre codeurs s’ouvre quand chaque codeur de cette transcription a marqué son codage comme terminé.")

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("transcripts/:transcriptID/coding-status") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let loaded = try await Self.context(
                backend, transcriptID: id, user: user, request: request, anyOf: .anyMember, to: "read codings")
            let study = loaded.audience.study
            return try JSONResponse.make(
                CodingStatus(
                    blindCoding: study.blindCoding, blindNames: study.blindNames, isBlind: loaded.audience.isBlind(loaded.completions),
                    doneAt: loaded.completions.first { $0.coderID == user.userID }?.doneAt,
                    disagreementsOpen: loaded.disagreementsOpen, canDecide: loaded.audience.isManager,
                    coders: loaded.coders(visibleOnly: true)))
        }
        router.put("transcripts/:transcriptID/completions/:userID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let coderID = try context.parameters.require("userID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "mark coding as done")
            guard coderID == user.userID else {
                throw APIError(
                    .forbidden, code: "forbidden", "Only the coder themselves can mark their coding as done.",
                    fr: "Seul le codeur lui-même peut marquer son codage comme terminé.")
            }
            let completion = try await backend.store.markCodingDone(transcriptID: id, coderID: coderID, at: Date())
            try await backend.audit(user, "coding.done", study: recording.studyID, target: "transcript", id)
            return try JSONResponse.make(completion)
        }
        router.delete("transcripts/:transcriptID/completions/:userID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let coderID = try context.parameters.require("userID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .adminOnly, to: "reopen a coder's coding")
            try await backend.store.reopenCoding(transcriptID: id, coderID: coderID)
            try await backend.audit(user, "coding.reopen", study: recording.studyID, target: "user", coderID)
            return Response(status: .noContent)
        }
        router.get("transcripts/:transcriptID/disagreements") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let loaded = try await Self.context(
                backend, transcriptID: id, user: user, request: request, anyOf: .anyMember, to: "read disagreements")
            guard loaded.disagreementsOpen else { throw Self.notOpenYet }
            let coders = loaded.coders(visibleOnly: false)
            var list = try await backend.store.codingDisagreements(transcriptID: id, coderIDs: coders.map(\.userID))
            if let map = try await CoderPseudonyms(backend: backend).map(
                of: loaded.transcript, studyID: loaded.recording.studyID, role: loaded.audience.role)
            {
                let text = map.apply(to: Array(loaded.transcript.text.unicodeScalars))
                list = list.map { CoderPseudonyms.disagreement($0, map: map, text: text) }
            }
            let segments = try await backend.store.segments(transcriptID: id).count
            try await backend.audit(user, "coding.disagreements", study: loaded.recording.studyID, target: "transcript", id)
            return try JSONResponse.make(DisagreementReport(unitCount: segments, coders: coders, disagreements: list))
        }
        router.post("transcripts/:transcriptID/consensus") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let loaded = try await Self.context(
                backend, transcriptID: id, user: user, request: request, anyOf: .managers, to: "decide the consensus")
            let decision = try await JSONResponse.decode(ConsensusDecision.self, from: request, context: context)
            let coders = Set(loaded.coderIDs)
            if let stranger = decision.keepCoders.first(where: { !coders.contains($0) }) {
                throw APIError(
                    .unprocessableContent, code: "unknown_coder",
                    "User \(stranger) has not coded transcript \(id); keep one of its coders.",
                    fr: "L’utilisateur \(stranger) n’a pas codé la transcription \(id) ; gardez l’un de ses codeurs.")
            }
            let stored = try await backend.store.decideConsensus(transcriptID: id, decision, deciderID: user.userID, at: Date())
            try await backend.audit(
                user, "consensus.decide", study: loaded.recording.studyID, target: "transcript", id,
                details: ["unit": .int(Int64(decision.unitIndex))])
            return try JSONResponse.make(stored.map(loaded.audience.named))
        }
    }
}
