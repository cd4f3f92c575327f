import Foundation
import HTTPTypes
import Hummingbird
import Store
import Transcribe

/// Transcription jobs: create, list, read, cancel, retry, and follow as server-sent events.
struct JobRoutes {
    let backend: ServiceBackend

    /// Options of a new transcription job.
    struct CreateJob: Codable {
        var model: String?
        var language: String?
        var speakers: Int?
        var prompt: String?
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("recordings/:recordingID/jobs") { request, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("recordingID", as: Int64.self)
            let (recording, _) = try await backend.recording(id, for: user, anyOf: .managers, to: "start transcriptions")
            guard recording.mediaRemovedAt == nil else {
                throw recording.mediaIsGone
                    ? APIError.mediaRemoved(recording)
                    : APIError(
                        .gone, code: "media_removed",
                        "The recording's original media was deleted under the study's retention rule; only its redacted copy remains, which is not transcribed again.",
                        fr: "Le média original de l’enregistrement a été supprimé selon la règle de conservation de l’étude ; seule sa copie expurgée reste, qui n’est pas transcrite à nouveau.")
            }
            let body = try await JSONResponse.decode(CreateJob.self, from: request, context: context)
            let models = ModelFolder(url: backend.configuration.modelsDirectory)
            // Validation reads the model's vocabulary: off the server's threads.
            let transcription = try await BlockingWork.run {
                var transcription = TranscriptionRequest(
                    recordingID: id, model: body.model ?? "whisper-base", language: body.language, speakers: body.speakers,
                    prompt: body.prompt)
                try transcription.validate(models: models)
                return transcription
            }
            let job = try await backend.store.enqueue(
                kind: TranscriptionRequest.kind, payload: try transcription.payload(), studyID: recording.studyID, priority: 0,
                maxAttempts: 3)
            try await backend.audit(user, "job.enqueue", study: recording.studyID, target: "job", job.id)
            return try JSONResponse.make(job, status: .accepted)
        }
        router.get("studies/:studyID/jobs") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .anyMember, to: "list jobs")
            var states = JobState.allCases
            if let wanted = request.uri.queryParameters.get("state") {
                guard let state = JobState(rawValue: wanted) else {
                    throw APIError.badRequest(
                        "Unknown state `\(wanted)`; use one of \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).",
                        fr: "État `\(wanted)` inconnu ; utilisez l’un de \(JobState.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                states = [state]
            }
            var jobs: [Job] = []
            for state in states { jobs += try await backend.store.jobs(state: state).filter { $0.studyID == studyID } }
            return try JSONResponse.make(jobs.sorted { ($0.id ?? 0) < ($1.id ?? 0) })
        }
        router.get("jobs/:jobID") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("jobID", as: Int64.self)
            return try JSONResponse.make(try await backend.job(id, for: user, anyOf: .anyMember, to: "read jobs"))
        }
        router.post("jobs/:jobID/cancel") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("jobID", as: Int64.self)
            let job = try await backend.job(id, for: user, anyOf: .managers, to: "cancel jobs")
            guard job.state == .queued || job.state == .running else {
                throw APIError(.conflict, code: "job_finished", "Job \(id) is \(job.state.rawValue) and can no longer be cancelled.", fr: "La tâche \(id) est dans l’état \(job.state.rawValue) et ne peut plus être annulée.")
            }
            try await backend.store.cancelJob(jobID: id)
            try await backend.audit(user, "job.cancel", study: job.studyID, target: "job", id)
            return try JSONResponse.make(try await backend.store.job(id: id))
        }
        router.post("jobs/:jobID/retry") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("jobID", as: Int64.self)
            let job = try await backend.job(id, for: user, anyOf: .managers, to: "retry jobs")
            guard job.state == .failed || job.state == .cancelled else {
                throw APIError(
                    .conflict, code: "job_not_finished", "Job \(id) is \(job.state.rawValue); only failed or cancelled jobs can be retried.", fr: "La tâche \(id) est dans l’état \(job.state.rawValue) ; seules les tâches échouées ou annulées peuvent être relancées."
                )
            }
            let retry = try await backend.store.enqueue(
                kind: job.kind, payload: job.payload, studyID: job.studyID, priority: job.priority, maxAttempts: job.maxAttempts)
            try await backend.audit(user, "job.retry", study: job.studyID, target: "job", retry.id, details: ["retryOf": .int(id)])
            return try JSONResponse.make(retry, status: .accepted)
        }
        router.get("jobs/:jobID/events") { _, context in
            let user = try context.requireIdentity()
            let id = try context.parameters.require("jobID", as: Int64.self)
            _ = try await backend.job(id, for: user, anyOf: .anyMember, to: "follow jobs")
            return JobEventStream(store: backend.store, jobID: id).response()
        }
    }
}
