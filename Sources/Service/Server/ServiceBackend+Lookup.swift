import Foundation
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
    /// A readable local file of the recording's media, from the media storage; `404 media_missing` when it is gone.
    func mediaFile(of recording: Recording) async throws -> URL {
        let media = media
        do {
            return try await BlockingWork.run { try media.file(for: recording.mediaPath) }
        } catch is MediaStorageError {
            throw APIError.mediaMissing
        }
    }
}
