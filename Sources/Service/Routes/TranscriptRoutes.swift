import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Transcripts (versions, segments, words), human edits as new versions, and speakers.
struct TranscriptRoutes {
    let backend: ServiceBackend

    /// One correction of a segment.
    struct Edit: Codable {
        var index: Int
        var text: String?
        var speakerLabel: String?
    }

    /// A human edit: corrections and the new version's status.
    struct EditRequest: Codable {
        var edits: [Edit]
        var status: TranscriptStatus?
    }

    /// One change in `POST /transcripts/{id}/edits` (``TranscriptOperation``).
    struct Operation: Codable {
        /// `correct`, `split`, `merge` or `boundary`.
        var op: String
        var index: Int
        var text: String?
        var speakerLabel: String?
        /// Where a split cuts (characters of the segment's text).
        var at: Int?
        /// Where a boundary moves (seconds).
        var time: Double?

        func operation() throws -> TranscriptOperation {
            switch op {
            case "correct": return .correct(index: index, text: text, speakerLabel: speakerLabel)
            case "split":
                guard let at else { throw APIError.badRequest("A split needs `at`, the character where it cuts.", fr: "Une coupure demande `at`, le caractère où couper.") }
                return .split(index: index, at: at)
            case "merge": return .merge(index: index)
            case "boundary":
                guard let time else { throw APIError.badRequest("A boundary move needs `time` in seconds.", fr: "Déplacer une frontière demande `time`, en secondes.") }
                return .moveBoundary(index: index, time: time)
            default:
                throw APIError.badRequest(
                    "Unknown operation \"\(op)\"; use correct, split, merge or boundary.",
                    fr: "Opération « \(op) » inconnue ; utilisez correct, split, merge ou boundary.")
            }
        }
    }

    /// Changes to a version, applied in order.
    struct AmendRequest: Codable {
        var operations: [Operation]
    }

    /// The result of an amendment, with the version's content.
    struct AmendResponse: Codable {
        var detail: TranscriptDetail
        var isNewVersion: Bool
        var codingsLeftBehind: [Int64]
    }

    /// A new status for a version.
    struct StatusRequest: Codable {
        var status: TranscriptStatus
    }

    /// Identifies a speaker.
    struct IdentifySpeaker: Codable {
        var participantID: Int64?
        var isInterviewer: Bool?
        /// A new label (`S1` → `Interviewer`), when given.
        var label: String?
    }

    /// What a coder of a study pseudonymised for coders reads.
    var coders: CoderPseudonyms { CoderPseudonyms(backend: backend) }

    /// The version with its content, read in one snapshot.
    func detail(_ transcript: Transcript) async throws -> TranscriptDetail {
        guard let detail = try await backend.store.transcriptDetail(transcriptID: transcript.id!) else {
            throw APIError.notFound("Transcript", transcript.id!)
        }
        return detail
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("recordings/:recordingID/transcript") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, role) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "read transcripts")
            guard let detail = try await backend.store.currentTranscriptDetail(recordingID: id) else {
                throw APIError(
                    .notFound, code: "no_transcript", "Recording \(id) has no transcript yet; start a job with POST /recordings/\(id)/jobs.", fr: "L’enregistrement \(id) n’a pas encore de transcription ; lancez une tâche avec POST /recordings/\(id)/jobs."
                )
            }
            let map = try await coders.map(of: detail.transcript, studyID: recording.studyID, role: role)
            try await backend.audit(user, "transcript.read", study: recording.studyID, target: "transcript", detail.transcript.id)
            return try JSONResponse.make(map?.pseudonymise(detail) ?? detail)
        }
        router.get("recordings/:recordingID/transcripts") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, role) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "read transcripts")
            var versions = try await backend.store.transcripts(recordingID: id)
            if try await coders.restricts(studyID: recording.studyID, role: role) {
                // Versions without their text: a restricted coder reads a version's pseudonymised text from its own route.
                versions = versions.map { var version = $0; version.text = ""; return version }
            }
            try await backend.audit(user, "transcript.list", study: recording.studyID, target: "recording", id)
            return try JSONResponse.make(versions)
        }
        router.get("transcripts/:transcriptID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (transcript, recording, role) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "read transcripts")
            let map = try await coders.map(of: transcript, studyID: recording.studyID, role: role)
            try await backend.audit(user, "transcript.read", study: recording.studyID, target: "transcript", id)
            let content = try await detail(transcript)
            return try JSONResponse.make(map?.pseudonymise(content) ?? content)
        }
        router.post("transcripts/:transcriptID/versions") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "edit transcripts")
            let body = try await JSONResponse.decode(EditRequest.self, from: request, context: context)
            guard !body.edits.isEmpty else { throw APIError.badRequest("Send at least one edit in `edits`.", fr: "Envoyez au moins une correction dans `edits`.") }
            let edits = body.edits.map { SegmentEdit(index: $0.index, text: $0.text, speakerLabel: $0.speakerLabel) }
            let version = try await backend.store.editTranscript(id, edits: edits, editorID: user.userID, status: body.status ?? .draft)
            if edits.contains(where: { $0.text != nil }) {
                // Corrected text has no word times yet: a worker aligns it to the audio.
                _ = try await backend.store.enqueue(
                    kind: AlignmentRequest.kind, payload: try AlignmentRequest(transcriptID: version.id!).payload(),
                    studyID: recording.studyID, priority: 1, maxAttempts: 3)
            }
            try await backend.audit(
                user, "transcript.edit", study: recording.studyID, target: "transcript", version.id, details: ["basedOn": .int(id)])
            return try JSONResponse.make(try await detail(version), status: .created)
        }
        router.post("transcripts/:transcriptID/edits") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "edit transcripts")
            let body = try await JSONResponse.decode(AmendRequest.self, from: request, context: context)
            guard !body.operations.isEmpty, body.operations.count <= 10_000 else {
                throw APIError.badRequest("Send 1 to 10,000 operations.", fr: "Envoyez de 1 à 10 000 opérations.")
            }
            let amendment = try await backend.store.amendTranscript(
                id, operations: try body.operations.map { try $0.operation() }, editorID: user.userID)
            let version = amendment.transcript.id!
            if !amendment.retimedSegments.isEmpty {
                // Corrected text has no word times yet: a worker aligns it to the audio.
                _ = try await backend.store.enqueue(
                    kind: AlignmentRequest.kind, payload: try AlignmentRequest(transcriptID: version).payload(),
                    studyID: recording.studyID, priority: 1, maxAttempts: 3)
            }
            try await backend.audit(
                user, "transcript.edit", study: recording.studyID, target: "transcript", version,
                details: ["basedOn": .int(id), "operations": .int(Int64(body.operations.count))])
            return try JSONResponse.make(
                AmendResponse(
                    detail: try await detail(amendment.transcript), isNewVersion: amendment.isNewVersion,
                    codingsLeftBehind: amendment.codingsLeftBehind),
                status: amendment.isNewVersion ? .created : .ok)
        }
        router.get("transcripts/:transcriptID/edits") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, role) = try await backend.transcript(id, for: user, anyOf: .anyMember, to: "read transcripts")
            guard !(try await coders.restricts(studyID: recording.studyID, role: role)) else {
                throw CoderPseudonyms.refusal("the history of edits (it holds the original words)", fr: "l’historique des corrections (il contient les mots d’origine)")
            }
            try await backend.audit(user, "transcript.history", study: recording.studyID, target: "transcript", id)
            return try JSONResponse.make(try await backend.store.transcriptEdits(transcriptID: id))
        }
        router.put("transcripts/:transcriptID/status") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("transcriptID", as: Int64.self)
            let (_, recording, _) = try await backend.transcript(id, for: user, anyOf: .managers, to: "validate transcripts")
            let body = try await JSONResponse.decode(StatusRequest.self, from: request, context: context)
            let transcript = try await backend.store.setTranscriptStatus(id, status: body.status, editorID: user.userID)
            try await backend.audit(
                user, "transcript.status", study: recording.studyID, target: "transcript", id, details: ["status": .string(body.status.rawValue)])
            return try JSONResponse.make(transcript)
        }
        router.get("recordings/:recordingID/speakers") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "read speakers")
            let speakers = try await backend.store.speakers(recordingID: id)
            try await backend.audit(user, "speaker.list", study: recording.studyID, target: "recording", id)
            return try JSONResponse.make(speakers)
        }
        router.put("recordings/:recordingID/speakers/:speakerID") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let speakerID = try context.parameters.require("speakerID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "identify speakers")
            guard try await backend.store.speakers(recordingID: id).contains(where: { $0.id == speakerID }) else {
                throw APIError.notFound("Speaker", speakerID)
            }
            let body = try await JSONResponse.decode(IdentifySpeaker.self, from: request, context: context)
            if let participantID = body.participantID {
                guard let participant = try await backend.store.participant(id: participantID), participant.studyID == recording.studyID
                else {
                    throw APIError.notFound("Participant", participantID)
                }
            }
            if let label = body.label {
                _ = try await backend.store.renameSpeaker(speakerID, label: label)
            }
            try await backend.store.identifySpeaker(
                speakerID, participantID: body.participantID, isInterviewer: body.isInterviewer ?? false)
            try await backend.audit(user, "speaker.identify", study: recording.studyID, target: "speaker", speakerID)
            return try JSONResponse.make(try await backend.store.speakers(recordingID: id))
        }
    }
}
