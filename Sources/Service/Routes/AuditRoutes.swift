import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Full-text search in a study, and the audit log (installation administrators only).
struct AuditRoutes {
    let backend: ServiceBackend

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("studies/:studyID/search") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "search transcripts")
            guard let query = request.uri.queryParameters.get("q"), !query.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError(
                    .badRequest, code: "bad_request", "Give the search words in the `q` query parameter.",
                    fr: "Donnez les mots à chercher dans le paramètre `q`.")
            }
            let limit = min(500, max(1, request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 50))
            let hits = try await backend.store.search(studyID: studyID, query: query, limit: limit)
            try await backend.audit(
                user, "transcript.search", study: studyID, target: "study", studyID, details: ["hits": .int(Int64(hits.count))])
            return try JSONResponse.make(hits)
        }
        router.get("audit") { request, context in
            let user = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(user, to: "read the audit log")
            let after = request.uri.queryParameters.get("after").flatMap { Int64($0) } ?? 0
            let limit = min(1000, max(1, request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 100))
            return try JSONResponse.make(try await backend.store.auditEvents(afterID: after, limit: limit))
        }
        router.get("audit/verify") { _, context in
            let user = try context.requireIdentity()
            try backend.access.requireInstallationAdmin(user, to: "verify the audit log")
            return try JSONResponse.make(try await backend.store.verifyAuditLog())
        }
    }
}
