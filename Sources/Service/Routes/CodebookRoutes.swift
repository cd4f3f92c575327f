import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Editing the codebook: change, delete (with a preview of what goes), merge, and REFI-QDA
/// `.qdc` export and import. Administrators and researchers only; reading is for every member.
struct CodebookRoutes {
    let backend: ServiceBackend

    /// The new state of a code: every field is replaced (`parentID` absent or null: top level).
    struct UpdateCode: Codable {
        var name: String
        var color: String
        var details: String?
        var parentID: Int64?
    }

    struct MergeCode: Codable {
        var into: Int64
    }

    /// The largest `.qdc` file accepted (a codebook of thousands of codes is well under it).
    static let maximumCodebookBytes = 5 << 20

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.put("codes/:codeID") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("codeID", as: Int64.self)
            let code = try await editableCode(id, for: user)
            let body = try await JSONResponse.decode(UpdateCode.self, from: request, context: context)
            guard Code.isValidColor(body.color) else { throw Self.invalidColor(body.color) }
            guard !body.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError(
                    .unprocessableContent, code: "invalid_input", "A code needs a name.", fr: "Un code doit avoir un nom.")
            }
            var updated = code
            updated.name = body.name.trimmingCharacters(in: .whitespaces)
            updated.color = body.color
            updated.details = body.details ?? ""
            updated.parentID = body.parentID
            try await Self.naming(updated.name) { try await backend.store.updateCode(updated) }
            try await backend.audit(user, "code.update", study: code.studyID, target: "code", id)
            return try JSONResponse.make(try await backend.store.code(id: id))
        }
        router.get("codes/:codeID/deletion") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("codeID", as: Int64.self)
            _ = try await editableCode(id, for: user)
            return try JSONResponse.make(try await backend.store.codeDeletionPlan(codeID: id))
        }
        router.delete("codes/:codeID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("codeID", as: Int64.self)
            let code = try await editableCode(id, for: user)
            let plan = try await backend.store.codeDeletionPlan(codeID: id)
            try await backend.store.deleteCode(id: id)
            try await backend.audit(
                user, "code.delete", study: code.studyID, target: "code", id,
                details: ["subcodes": .int(Int64(plan.subcodes)), "codings": .int(Int64(plan.codings))])
            return try JSONResponse.make(plan)
        }
        router.post("codes/:codeID/merge") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("codeID", as: Int64.self)
            let code = try await editableCode(id, for: user)
            let body = try await JSONResponse.decode(MergeCode.self, from: request, context: context)
            guard let target = try await backend.store.code(id: body.into), target.studyID == code.studyID else {
                throw APIError(
                    .unprocessableContent, code: "unknown_code", "Code \(body.into) is not in this study's codebook.",
                    fr: "Le code \(body.into) n’est pas dans le livre de codes de cette étude.")
            }
            return try JSONResponse.make(try await backend.store.mergeCode(id, into: body.into, actorID: user.userID))
        }
        router.get("studies/:studyID/codebook.qdc") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "read the codebook")
            let document = REFICodebook.document(try await backend.store.codes(studyID: studyID), studyID: studyID)
            try await backend.audit(user, "codebook.export", study: studyID, target: "study", studyID)
            var headers = HTTPFields()
            headers[.contentType] = "application/xml; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"study-\(studyID)-codebook.qdc\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document)))
        }
        router.post("studies/:studyID/codebook") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "edit the codebook")
            var request = request
            // A larger body is answered 413 by the error middleware.
            let buffer = try await request.collectBody(upTo: Self.maximumCodebookBytes)
            let entries = try REFICodebook.parse(Data(buffer.readableBytesView))
            let before = try await backend.store.codes(studyID: studyID).count
            let codes = try await backend.store.importCodebook(studyID: studyID, entries)
            try await backend.audit(
                user, "codebook.import", study: studyID, target: "study", studyID, details: ["added": .int(Int64(codes.count - before))])
            return try JSONResponse.make(codes)
        }
    }

    /// The code, after checking that the caller may edit its study's codebook.
    private func editableCode(_ id: Int64, for user: AuthenticatedUser) async throws -> Code {
        guard let code = try await backend.store.code(id: id) else { throw APIError.notFound("Code", id) }
        try await backend.access.require(user, study: code.studyID, anyOf: .managers, to: "edit the codebook")
        return code
    }

    /// Runs a codebook change, answering a sibling with the same name as `409 duplicate_code`.
    static func naming(_ name: String, _ change: () async throws -> Void) async throws {
        do {
            try await change()
        } catch let error as StoreError where error.kind == .conflict {
            throw APIError(
                .conflict, code: "duplicate_code", "Another code under the same parent is already named \"\(name)\"; choose another name or merge the codes.",
                fr: "Un autre code sous le même parent s’appelle déjà « \(name) » ; choisissez un autre nom ou fusionnez les codes.")
        }
    }

    /// `422 invalid_color`, in both languages.
    static func invalidColor(_ color: String) -> APIError {
        APIError(
            .unprocessableContent, code: "invalid_color", "`\(color)` is not a colour; use the form #RRGGBB.",
            fr: "`\(color)` n’est pas une couleur ; utilisez la forme #RRVVBB.")
    }
}
