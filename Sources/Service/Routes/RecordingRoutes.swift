import Foundation
import HTTPTypes
import Hummingbird
import Media
import Store

/// Recordings: streaming upload with probe and duplicate detection, listing, playback with
/// byte ranges, links to participants.
struct RecordingRoutes {
    let backend: ServiceBackend

    struct LinkParticipant: Codable {
        var role: String
    }

    /// A short-lived link to play one recording (see ``MediaAccessSigner``).
    struct MediaToken: Codable {
        var token: String
        var expiresAt: Date
        var url: String
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("studies/:studyID/recordings") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "upload recordings")
            let recording = try await RecordingIntake(backend: backend).accept(request: request, studyID: studyID, logger: context.logger)
            try await backend.audit(
                user, "recording.upload", study: studyID, target: "recording", recording.id,
                details: ["sha256": .string(recording.fileHash)])
            return try JSONResponse.make(recording.forResponse, status: .created)
        }
        router.get("studies/:studyID/recordings") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            let role = try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "list recordings")
            let recordings = try await backend.store.recordings(studyID: studyID)
            try await backend.audit(user, "recording.list", study: studyID, target: "study", studyID)
            let restricted = try await CoderPseudonyms(backend: backend).restricts(studyID: studyID, role: role)
            return try JSONResponse.make(recordings.map { restricted ? $0.forResponse.withoutOriginalName : $0.forResponse })
        }
        router.get("recordings/:recordingID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, role) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "read recordings")
            try await backend.audit(user, "recording.read", study: recording.studyID, target: "recording", id)
            let restricted = try await CoderPseudonyms(backend: backend).restricts(studyID: recording.studyID, role: role)
            return try JSONResponse.make(restricted ? recording.forResponse.withoutOriginalName : recording.forResponse)
        }
        router.get("recordings/:recordingID/deletion") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            _ = try await backend.recording(id, for: user, anyOf: .adminOnly, to: "delete recordings")
            return try JSONResponse.make(try await backend.store.recordingDeletionPlan(recordingID: id))
        }
        router.delete("recordings/:recordingID") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            _ = try await backend.recording(id, for: user, anyOf: .adminOnly, to: "delete recordings")
            let reason = request.uri.queryParameters.get("reason") ?? "deletion requested"
            let report = try await backend.store.deleteRecording(id, actorID: user.userID, reason: String(reason.prefix(500)))
            return try JSONResponse.make(report.forResponse)
        }
        router.post("recordings/:recordingID/media-token") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, role) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "play recordings")
            _ = try await backend.mediaVersion(of: recording, for: role)
            let issued = backend.mediaAccess.issue(recordingID: id, user: user)
            return try JSONResponse.make(
                MediaToken(token: issued.token, expiresAt: issued.expiresAt, url: "/recordings/\(id)/media?access=\(issued.token)"),
                status: .created)
        }
        router.put("recordings/:recordingID/participants/:participantID") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let participantID = try context.parameters.require("participantID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "link participants")
            guard let participant = try await backend.store.participant(id: participantID), participant.studyID == recording.studyID
            else { throw APIError.notFound("Participant", participantID) }
            let body = try await JSONResponse.decode(LinkParticipant.self, from: request, context: context)
            try await backend.store.linkParticipant(
                recordingID: id, participantID: participantID, role: ParticipantRole(rawValue: body.role))
            try await backend.audit(user, "participant.link", study: recording.studyID, target: "participant", participantID)
            return try JSONResponse.make(try await backend.store.recordingParticipants(recordingID: id))
        }
        router.get("recordings/:recordingID/participants") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "read recordings")
            let links = try await backend.store.recordingParticipants(recordingID: id)
            try await backend.audit(user, "participant.list", study: recording.studyID, target: "recording", id)
            return try JSONResponse.make(links)
        }
    }

    /// Playback: on a group that accepts a bearer token or a signed `access` link (``MediaAuthMiddleware``).
    func registerMedia(on router: RouterGroup<ServiceRequestContext>) {
        router.get("recordings/:recordingID/media") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, role) = try await backend.recording(id, for: user, anyOf: .anyMember, to: "play recordings")
            // Whether the caller may hear the recording's media (a restricted coder only its redacted copy).
            _ = try await backend.mediaVersion(of: recording, for: role)
            let range = request.headers[.range]
            try await backend.audit(
                user, "recording.media.read", study: recording.studyID, target: "recording", id,
                details: range.map { ["range": .string($0)] } ?? .none)
            let contents = try await backend.mediaContents(of: recording)
            return try await MediaFileResponse.make(contents, rangeHeader: range, context: context)
        }
    }
}
