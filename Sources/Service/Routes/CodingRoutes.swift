import Foundation
import HTTPTypes
import Hummingbird
import Store

/// The codebook, codings of transcript spans, and memos.
struct CodingRoutes {
    let backend: ServiceBackend

    struct CreateCode: Codable {
        var name: String
        var parentID: Int64?
        var color: String?
        var details: String?
    }

    struct CreateCoding: Codable {
        var codeID: Int64
        var charStart: Int
        var charEnd: Int
    }

    struct CreateMemo: Codable {
        var title: String
        var text: String
        var participantID: Int64?
        var recordingID: Int64?
        var transcriptID: Int64?
        var codeID: Int64?
        var codingID: Int64?
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies/:studyID/codes") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "edit the codebook")
            let body = try await JSONResponse.decode(CreateCode.self, from: request, context: context)
            let color = body.color ?? "#808080"
            guard Code.isValidColor(color) else {
                throw APIError(.unprocessableContent, code: "invalid_color", "`\(color)` is not a colour; use the form #RRGGBB.", fr: "`\(color)` n’est pas une couleur ; utilisez la forme #RRGGBB.")
            }
            let code = try await backend.store.addCode(
                Code(studyID: studyID, parentID: body.parentID, name: body.name, color: color, details: body.details ?? ""))
            try await backend.audit(user, "code.create", study: studyID, target: "code", code.id)
            return try JSONResponse.make(code, status: .created)
        }
        router.get("studies/:studyID/codes") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "read the codebook")
            return try JSONResponse.make(try await backend.store.codes(studyID: studyID))
        }
        router.post("transcripts/:transcriptID/codings") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (transcript, recording, role) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "code transcripts")
            let body = try await JSONResponse.decode(CreateCoding.self, from: request, context: context)
            // A coder restricted to pseudonymised text gives pseudonymised offsets: stored on the original text.
            let map = try await CoderPseudonyms(backend: backend).map(of: transcript, studyID: recording.studyID, role: role)
            let (charStart, charEnd) =
                try map.map { try CoderPseudonyms.originalSpan(body.charStart, body.charEnd, of: transcript, map: $0) }
                ?? (body.charStart, body.charEnd)
            guard try await backend.store.codes(studyID: recording.studyID).contains(where: { $0.id == body.codeID }) else {
                throw APIError(.unprocessableContent, code: "unknown_code", "Code \(body.codeID) is not in this study's codebook.", fr: "Le code \(body.codeID) n’est pas dans le livre de codes de cette étude.")
            }
            let coding = try await backend.store.addCoding(
                transcriptID: id, codeID: body.codeID, coderID: user.userID, charStart: charStart, charEnd: charEnd)
            try await backend.audit(user, "coding.create", study: recording.studyID, target: "coding", coding.id)
            return try JSONResponse.make(map?.pseudonymised(coding) ?? coding, status: .created)
        }
        router.get("transcripts/:transcriptID/codings") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let loaded = try await CodingWorkflowRoutes.context(
                backend, transcriptID: id, user: user, request: request, anyOf: .anyMember, to: "read codings")
            var visible = loaded.codings.filter { loaded.audience.canSee($0, completions: loaded.completions) }
            if let map = try await CoderPseudonyms(backend: backend).map(
                of: loaded.transcript, studyID: loaded.recording.studyID, role: loaded.audience.role)
            {
                visible = visible.map(map.pseudonymised)
            }
            try await backend.audit(user, "coding.list", study: loaded.recording.studyID, target: "transcript", id)
            return try JSONResponse.make(visible.map(loaded.audience.named))
        }
        router.delete("transcripts/:transcriptID/codings/:codingID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let codingID = try context.parameters.require("codingID", as: Int64.self)
            let (_, recording, role) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "remove codings")
            guard let coding = try await backend.store.coding(id: codingID), coding.transcriptID == id else {
                throw APIError.notFound("Coding", codingID)
            }
            // Managers (admins, researchers) may remove any coding, the consensus included; a coder only their own.
            guard role != .coder || (coding.coderID == user.userID && !coding.isConsensus) else {
                throw APIError(
                    .forbidden, code: "forbidden",
                    "Coding \(codingID) was made by another coder; only its author or a study administrator or researcher can remove it.",
                    fr: "Le codage \(codingID) a été fait par un autre codeur ; seul son auteur, un administrateur ou un chercheur de l’étude peut le supprimer."
                )
            }
            try await backend.store.deleteCoding(id: codingID)
            try await backend.audit(user, "coding.delete", study: recording.studyID, target: "coding", codingID)
            return try JSONResponse.make(OK())
        }
        router.post("studies/:studyID/memos") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "write memos")
            let body = try await JSONResponse.decode(CreateMemo.self, from: request, context: context)
            let memo = try await backend.store.addMemo(
                Memo(
                    studyID: studyID, authorID: user.userID, title: body.title, text: body.text, participantID: body.participantID,
                    recordingID: body.recordingID, transcriptID: body.transcriptID, codeID: body.codeID, codingID: body.codingID))
            try await backend.audit(user, "memo.create", study: studyID, target: "memo", memo.id)
            return try JSONResponse.make(memo, status: .created)
        }
        router.get("studies/:studyID/memos") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let role = try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "read memos")
            let audience = try await CodingAudience.load(
                backend, user: user, role: role, studyID: studyID, language: UserLanguage(acceptLanguage: request.headers[.acceptLanguage]))
            var memos = try await backend.store.memos(studyID: studyID)
            if audience.study.blindCoding && role == .coder {
                // A blind coder does not see memos on other people's codings of a version they have not finished.
                var completions: [Int64: [CodingCompletion]] = [:]
                var kept: [Memo] = []
                for memo in memos {
                    if let codingID = memo.codingID, let coding = try await backend.store.coding(id: codingID) {
                        if completions[coding.transcriptID] == nil {
                            completions[coding.transcriptID] = try await backend.store.codingCompletions(transcriptID: coding.transcriptID)
                        }
                        guard audience.canSee(coding, completions: completions[coding.transcriptID]!) else { continue }
                    }
                    kept.append(memo)
                }
                memos = kept
            }
            try await backend.audit(user, "memo.list", study: studyID, target: "study", studyID)
            return try JSONResponse.make(memos.map { Annotated(memo: $0, authorName: $0.authorID.map(audience.name(of:))) })
        }
    }
}
