import Foundation
import HTTPTypes
import Hummingbird
import Media
import NIOCore
import Store

/// Exports of a study in every format of the store (TXT, SRT, WebVTT, JSON, ELAN, REFI-QDA, CSV,
/// Word) and the inter-coder agreement report of a transcript.
struct ExportRoutes {
    let backend: ServiceBackend

    /// The language of an export's words: `lang=fr|en`, else the request's `Accept-Language`.
    static func language(_ parameter: String?, acceptLanguage: String?) throws -> UserLanguage {
        guard let parameter else { return UserLanguage(acceptLanguage: acceptLanguage) }
        guard let language = UserLanguage(rawValue: parameter) else {
            throw APIError(
                .badRequest, code: "bad_request", "`lang` must be `fr` or `en`, not `\(parameter.prefix(32))`.",
                fr: "`lang` doit valoir `fr` ou `en`, et non `\(parameter.prefix(32))`.")
        }
        return language
    }

    /// A boolean query parameter: absent or `false` is false, `true` is true, anything else a `400`.
    static func flag(_ name: String, in query: Hummingbird.Parameters, default value: Bool = false) throws -> Bool {
        switch query.get(name) {
        case nil: return value
        case "false": return false
        case "true": return true
        case let other?:
            throw APIError(
                .badRequest, code: "bad_request", "`\(name)` must be `true` or `false`, not `\(other.prefix(32))`.",
                fr: "`\(name)` doit valoir `true` ou `false`, et non `\(other.prefix(32))`.")
        }
    }

    /// What replaces the identifying spans in redacted media (`redaction=tone|silence`, tone by default).
    static func redactionFill(_ text: String?) throws -> AudioRedaction.Fill {
        guard let text else { return .tone }
        guard let fill = AudioRedaction.Fill(rawValue: text) else {
            throw APIError.badRequest(
                "`redaction` must be `tone` or `silence`, not `\(text.prefix(32))`.",
                fr: "`redaction` doit valoir `tone` ou `silence`, et non `\(text.prefix(32))`.")
        }
        return fill
    }

    static func contentType(_ format: ExportFormat, archive: Bool) -> String {
        if archive { return "application/zip" }
        switch format {
        case .txt: return "text/plain; charset=utf-8"
        case .srt: return "application/x-subrip; charset=utf-8"
        case .vtt: return "text/vtt; charset=utf-8"
        case .json: return "application/json; charset=utf-8"
        case .eaf: return "application/xml; charset=utf-8"
        case .qdpx, .eafMedia: return "application/zip"
        case .csv: return "text/csv; charset=utf-8"
        case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
                let names = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError(
                    .badRequest, code: "bad_request", "Unknown export format `\(formatName.prefix(64))`; use one of \(names).",
                    fr: "Format d'export inconnu `\(formatName.prefix(64))` ; utilisez l'un de ceux-ci : \(names).")
            }
            var recordingID: Int64?
            if let text = query.get("recording") {
                guard let id = Int64(text) else {
                    throw APIError(
                        .badRequest, code: "bad_request", "`recording` must be a recording identifier.",
                        fr: "`recording` doit être l'identifiant d'un enregistrement.")
                }
                guard let recording = try await backend.store.recording(id: id), recording.studyID == studyID else {
                    throw APIError.notFound("Recording", id)
                }
                recordingID = id
            }
            let codingsName = query.get("codings") ?? QDPXExport.CodingPlacement.textSource.rawValue
            guard let codings = QDPXExport.CodingPlacement(rawValue: codingsName) else {
                throw APIError.badRequest(
                    "Unknown `codings` `\(codingsName.prefix(64))`; use `text` (a coded text beside each recording) or `transcript` (codings in the recording's transcript).",
                    fr: "`codings` inconnu `\(codingsName.prefix(64))` ; utilisez `text` (un texte codé à côté de chaque enregistrement) ou `transcript` (les codages dans la transcription de l'enregistrement).")
            }
            guard let study = try await backend.store.study(id: studyID) else { throw APIError.notFound("Study", studyID) }
            // A coder of a study with blind names gets other people as "Coder N", as in the pages; a coder
            // of a study pseudonymised for coders gets only pseudonymised exports.
            var choices = ExportOptions(
                recordingID: recordingID, includeSensitive: try Self.flag("sensitive", in: query),
                language: try Self.language(query.get("lang"), acceptLanguage: request.headers[.acceptLanguage]),
                blindCoders: try Self.flag("blindCoders", in: query) || (role == .coder && study.blindNames),
                ownName: role == .coder ? user.userID : nil, qdpxCodings: codings,
                pseudonymised: try Self.flag("pseudonymised", in: query) || (role == .coder && study.pseudonymisedForCoders))
            choices.mediaKeys = backend.keyring
            // A pseudonymised eaf-media, or REFI-QDA project unless `media=false`, carries redacted copies of the audio.
            let withMedia = try Self.flag("media", in: query, default: true)
            choices.redactedMedia = choices.pseudonymised && (format == .eafMedia || (format == .qdpx && withMedia))
            let fill = try Self.redactionFill(query.get("redaction"))
            let options = choices
            guard !options.includeSensitive || role != .coder else { throw APIError.forbidden("export sensitive participant attributes") }
            var bundle = try await backend.store.exportBundle(studyID: studyID, recordingIDs: recordingID.map { [$0] })
            // Coders may not list the members (GET /members): their exports carry no e-mail addresses.
            if role == .coder { bundle = bundle.withoutContactDetails() }
            if role == .coder, study.blindCoding {
                // Blind double coding: what the coder could not see in the pages does not leave in a file either.
                var done: Set<Int64> = []
                for transcript in bundle.recordings.compactMap(\.transcript?.id)
                where try await backend.store.codingCompletions(transcriptID: transcript).contains(where: { $0.coderID == user.userID }) {
                    done.insert(transcript)
                }
                bundle = bundle.blinded(for: user.userID, done: done)
            }
            var redacted: RedactedExportMedia?
            if options.pseudonymised {
                let spans = try await RedactionReview(backend: backend).decidedSpans(
                    of: bundle.recordings.compactMap(\.transcript), studyID: studyID, for: user,
                    forCoders: role == .coder && study.pseudonymisedForCoders)
                if options.redactedMedia {
                    redacted = try await RedactedExportMedia.build(bundle, spans: spans, fill: fill, backend: backend)
                    bundle = redacted!.bundle
                }
                bundle = bundle.pseudonymised(spans)
            }
            let exported = bundle
            let fileExtension = format.outputExtension(exported, options: options)
            // Built on disk off the cooperative pool, served from disk, deleted once sent.
            let file: TemporaryExportFile
            do {
                defer { redacted?.remove() }
                file = try await TemporaryExportFile.build(
                    in: backend.configuration.temporaryDirectory, fileExtension: fileExtension,
                    sealing: backend.partialFiles.keyring.map { ($0, studyID) }
                ) { try format.write(exported, to: $0, options: options) }
            }
            do {
                try await backend.audit(
                    user, "study.export", study: studyID, target: recordingID == nil ? "study" : "recording", recordingID ?? studyID,
                    details: [
                        "format": .string(format.rawValue), "sensitive": .bool(options.includeSensitive),
                        "blindCoders": .bool(options.blindCoders), "codings": .string(codings.rawValue),
                        "pseudonymised": .bool(options.pseudonymised), "redactedMedia": .bool(options.redactedMedia),
                    ])
            } catch {
                file.remove()
                throw error
            }
            var headers = HTTPFields()
            headers[.contentType] = Self.contentType(format, archive: format.isStudyArchive(exported, options: options))
            let suffix = format.isStudyArchive(exported, options: options) || format == .eafMedia ? "-\(format.rawValue)" : ""
            headers[.contentDisposition] =
                "attachment; filename=\"study-\(studyID)\(recordingID.map { "-recording-\($0)" } ?? "")\(suffix).\(fileExtension)\""
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
                throw APIError.badRequest(
                    "Unknown agreement unit `\(unitName)`; use `segments` or `characters`.",
                    fr: "Unité d’accord `\(unitName)` inconnue ; utilisez `segments` ou `characters`.")
            }
            var coderIDs: [Int64]?
            if let list = request.uri.queryParameters.get("coders") {
                coderIDs = try list.split(separator: ",").map { text in
                    guard let id = Int64(text) else {
                        throw APIError.badRequest(
                            "`coders` is a comma-separated list of user identifiers.",
                            fr: "`coders` est une liste d’identifiants d’utilisateurs séparés par des virgules.")
                    }
                    return id
                }
            }
            let agreement = try await backend.store.codingAgreement(transcriptID: id, coderIDs: coderIDs, unit: unit)
            return try JSONResponse.make(Annotated(agreement: agreement, coderNames: agreement.coderIDs.map(loaded.audience.name(of:))))
        }
    }
}
