import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Exports of a study in every format of the store (TXT, SRT, WebVTT, JSON, ELAN, REFI-QDA, CSV)
/// and the inter-coder agreement report of a transcript.
struct ExportRoutes {
    let backend: ServiceBackend

    static func contentType(_ format: ExportFormat) -> String {
        switch format {
        case .txt: "text/plain; charset=utf-8"
        case .srt: "application/x-subrip; charset=utf-8"
        case .vtt: "text/vtt; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .eaf: "application/xml; charset=utf-8"
        case .qdpx: "application/zip"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("studies/:studyID/export") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let role = try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "export the study")
            let query = request.uri.queryParameters
            let formatName = query.get("format") ?? "json"
            guard let format = ExportFormat(rawValue: formatName) else {
                throw APIError.badRequest(
                    "Unknown export format `\(formatName)`; use one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            var recordingID: Int64?
            if let text = query.get("recording") {
                guard let id = Int64(text) else { throw APIError.badRequest("`recording` must be a recording identifier.") }
                guard let recording = try await backend.store.recording(id: id), recording.studyID == studyID else {
                    throw APIError.notFound("Recording", id)
                }
                recordingID = id
            }
            let wantsSensitive = query.get("sensitive") == "true"
            guard !wantsSensitive || role != .coder else { throw APIError.forbidden("export sensitive participant attributes") }
            var bundle = try await backend.store.exportBundle(studyID: studyID, recordingIDs: recordingID.map { [$0] })
            // Coders may not list the members (GET /members): their exports carry no e-mail addresses.
            if role == .coder { bundle = bundle.withoutContactDetails() }
            let (exported, chosenRecording) = (bundle, recordingID)
            // Built on disk off the cooperative pool, served from disk, deleted once sent.
            let file = try await TemporaryExportFile.build(
                in: backend.configuration.temporaryDirectory, fileExtension: format.fileExtension
            ) { try format.write(exported, to: $0, recordingID: chosenRecording, includeSensitive: wantsSensitive) }
            do {
                try await backend.audit(
                    user, "study.export", study: studyID, target: recordingID == nil ? "study" : "recording", recordingID ?? studyID,
                    details: ["format": .string(format.rawValue), "sensitive": .bool(wantsSensitive)])
            } catch {
                file.remove()
                throw error
            }
            var headers = HTTPFields()
            headers[.contentType] = Self.contentType(format)
            headers[.contentDisposition] =
                "attachment; filename=\"study-\(studyID)\(recordingID.map { "-recording-\($0)" } ?? "").\(format.fileExtension)\""
            return try await file.response(headers: headers, context: context)
        }
        router.get("transcripts/:transcriptID/agreement") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            // Managers always; a coder once every coder of the version has marked their coding done.
            let loaded = try await CodingWorkflowRoutes.context(
                backend, transcriptID: id, user: user, request: request, anyOf: .anyMember, to: "read agreement reports")
            guard loaded.disagreementsOpen else { throw CodingWorkflowRoutes.notOpenYet }
            let unitName = request.uri.queryParameters.get("unit") ?? AgreementUnit.segments.rawValue
            guard let unit = AgreementUnit(rawValue: unitName) else {
                throw APIError.badRequest("Unknown agreement unit `\(unitName)`; use `segments` or `characters`.")
            }
            var coderIDs: [Int64]?
            if let list = request.uri.queryParameters.get("coders") {
                coderIDs = try list.split(separator: ",").map { text in
                    guard let id = Int64(text) else { throw APIError.badRequest("`coders` is a comma-separated list of user identifiers.") }
                    return id
                }
            }
            let agreement = try await backend.store.codingAgreement(transcriptID: id, coderIDs: coderIDs, unit: unit)
            return try JSONResponse.make(Annotated(agreement: agreement, coderNames: agreement.coderIDs.map(loaded.audience.name(of:))))
        }
    }
}
