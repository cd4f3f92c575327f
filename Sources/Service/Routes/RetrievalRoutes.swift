import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Retrieval across a study's interviews: every segment coded with a code (filtered by case
/// attributes, case and coder), and the code × case matrix. Coders never filter by sensitive attributes.
struct RetrievalRoutes {
    let backend: ServiceBackend

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("studies/:studyID/codings") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let role = try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "retrieve coded segments")
            let query = try await Self.query(request.uri.queryParameters, studyID: studyID, role: role, store: backend.store)
            let audience = try await CodingAudience.load(
                backend, user: user, role: role, studyID: studyID, language: UserLanguage(acceptLanguage: request.headers[.acceptLanguage]))
            var segments = try await Self.visible(
                try await backend.store.codedSegments(studyID: studyID, query: query), to: audience, store: backend.store)
            let coders = CoderPseudonyms(backend: backend)
            if try await coders.restricts(studyID: studyID, role: role) { segments = try await coders.codedSegments(segments) }
            try await backend.audit(
                user, "coding.retrieve", study: studyID, target: "study", studyID, details: ["segments": .int(Int64(segments.count))])
            return try JSONResponse.make(segments)
        }
        router.get("studies/:studyID/matrix") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let role = try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "read the code × case matrix")
            if role == .coder, try await backend.store.study(id: studyID)?.blindCoding == true {
                // Its counts would tell a coder how the others coded.
                throw APIError(
                    .forbidden, code: "blind_coding",
                    "In a study coded blind, the code × case matrix is for its administrators and researchers.",
                    fr: "Dans une étude codée en aveugle, la matrice codes × cas est réservée à ses administrateurs et chercheurs.")
            }
            let matrix = try await backend.store.codeCaseMatrix(studyID: studyID)
            try await backend.audit(user, "coding.matrix", study: studyID, target: "study", studyID)
            return try JSONResponse.make(matrix)
        }
    }

    /// The coded segments a caller may see, named as they see people (``CodingAudience``): in a
    /// study coded blind, a coder sees only their own codings of a transcript until they have
    /// marked their coding of it done.
    static func visible(_ segments: [CodedSegment], to audience: CodingAudience, store: any Store) async throws -> [CodedSegment] {
        var blind: [Int64: Bool] = [:]
        var kept: [CodedSegment] = []
        for var segment in segments {
            if audience.study.blindCoding, !audience.isManager {
                if blind[segment.transcriptID] == nil {
                    blind[segment.transcriptID] = audience.isBlind(try await store.codingCompletions(transcriptID: segment.transcriptID))
                }
                if blind[segment.transcriptID]!, segment.coderID != audience.userID || segment.isConsensus {
                    continue
                }
            }
            if !segment.isConsensus { segment.coderName = audience.name(of: segment.coderID) }
            kept.append(segment)
        }
        return kept
    }

    /// The retrieval query of `GET /studies/{studyID}/codings`: `code` (with `includeSubcodes=true`
    /// its sub-codes too), `coder`, `participant`, and any number of `attribute=name:value`.
    static func query(_ parameters: Parameters, studyID: Int64, role: StudyRole, store: any Store) async throws
        -> CodedSegmentQuery
    {
        func identifier(_ name: String) throws -> Int64? {
            guard let text = parameters.get(name) else { return nil }
            guard let value = Int64(text) else {
                throw APIError(
                    .badRequest, code: "bad_request", "`\(name)` must be a numeric identifier, not `\(text)`.",
                    fr: "`\(name)` doit être un identifiant numérique, pas `\(text)`.")
            }
            return value
        }
        var query = CodedSegmentQuery(
            coderID: try identifier("coder"), participantID: try identifier("participant"), includeSensitive: role != .coder)
        if let codeID = try identifier("code") {
            let codes = try await store.codes(studyID: studyID)
            guard codes.contains(where: { $0.id == codeID }) else {
                throw APIError(
                    .unprocessableContent, code: "unknown_code", "Code \(codeID) is not in this study's codebook.",
                    fr: "Le code \(codeID) n’est pas dans le livre de codes de cette étude.")
            }
            var wanted: Set<Int64> = [codeID]
            if parameters.get("includeSubcodes") == "true" {
                var grew = true
                while grew {
                    let children = codes.filter { $0.parentID.map(wanted.contains) ?? false }.compactMap(\.id)
                    grew = !wanted.isSuperset(of: children)
                    wanted.formUnion(children)
                }
            }
            query.codeIDs = wanted
        }
        for text in parameters.getAll("attribute") {
            guard let filter = AttributeFilter(parsing: text) else {
                throw APIError(
                    .badRequest, code: "bad_request", "`attribute` takes the form name:value (for example sexe:F), not `\(text)`.",
                    fr: "`attribute` prend la forme nom:valeur (par exemple sexe:F), pas `\(text)`.")
            }
            query.attributes.append(filter)
        }
        return query
    }
}
