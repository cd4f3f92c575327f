import Foundation
import HTTPTypes
import Logging
import Store

/// Looks up objects by identifier and checks the caller's role in the study that owns them.
extension ServiceBackend {
    /// The recording, after checking the caller's role in its study.
    func recording(_ id: Int64, for user: AuthenticatedUser, anyOf roles: Set<StudyRole>, to action: String)
        async throws -> (Recording, StudyRole)
    {
        guard let recording = try await store.recording(id: id) else { throw APIError.notFound("Recording", id) }
        let role = try await access.require(user, study: recording.studyID, anyOf: roles, to: action)
        return (recording, role)
    }

    /// The transcript version and its recording, after checking the caller's role.
    func transcript(_ id: Int64, for user: AuthenticatedUser, anyOf roles: Set<StudyRole>, to action: String)
        async throws -> (Transcript, Recording, StudyRole)
    {
        guard let transcript = try await store.transcript(id: id) else { throw APIError.notFound("Transcript", id) }
        let (recording, role) = try await recording(transcript.recordingID, for: user, anyOf: roles, to: action)
        return (transcript, recording, role)
    }

    /// The participant, after checking the caller's role in its study.
    func participant(_ id: Int64, for user: AuthenticatedUser, anyOf roles: Set<StudyRole>, to action: String)
        async throws -> (Participant, StudyRole)
    {
        guard let participant = try await store.participant(id: id) else { throw APIError.notFound("Participant", id) }
        let role = try await access.require(user, study: participant.studyID, anyOf: roles, to: action)
        return (participant, role)
    }

    /// The job, after checking the caller's role in its study (jobs without a study: installation admins only).
    func job(_ id: Int64, for user: AuthenticatedUser, anyOf roles: Set<StudyRole>, to action: String) async throws -> Job {
        guard let job = try await store.job(id: id) else { throw APIError.notFound("Job", id) }
        if let studyID = job.studyID {
            try await access.require(user, study: studyID, anyOf: roles, to: action)
        } else {
            try access.requireInstallationAdmin(user, to: action)
        }
        return job
    }
}

extension ServiceBackend {
    /// The plain bytes of the recording's media, from the media storage; `404 media_missing` when
    /// it is gone, `500 media_unreadable` when its encrypted file fails its checks.
    func mediaContents(of recording: Recording) async throws -> MediaContents {
        guard !recording.mediaIsGone else { throw APIError.mediaRemoved(recording) }
        let media = media
        do {
            return try await BlockingWork.run { try media.contents(of: recording.mediaPath) }
        } catch let error as MediaStorageError where error.isEncryptedWithoutKey {
            throw APIError(
                .serviceUnavailable, code: "media_encrypted",
                "The recording's media file is encrypted and the service was started without its master key; ask the administrator to restart it with --master-key-file.",
                fr: "Le fichier média de l’enregistrement est chiffré et le service a été démarré sans sa clé maîtresse ; demandez à l’administrateur de le redémarrer avec --master-key-file.")
        } catch is MediaStorageError {
            throw APIError.mediaMissing
        } catch let error as EncryptionError {
            logger.error("encrypted media refused", metadata: ["recording": "\(recording.id ?? 0)", "error": "\(error)"])
            throw APIError(
                .internalServerError, code: "media_unreadable", "The recording's encrypted media file fails its checks: \(error.message)",
                fr: "Le fichier média chiffré de l’enregistrement échoue aux vérifications : \(error.french)")
        }
    }
}
