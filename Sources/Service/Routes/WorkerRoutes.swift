import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// The worker API: remote workers (``RemoteJobSource``) claim, renew, complete and fail jobs,
/// and fetch a claimed job's media through a signed, expiring link.
///
/// A worker token (``TokenScope/worker``) or an installation administrator may call it; nobody
/// else. The lease owner is the worker's name behind the caller's identity (`token-<id>/...`),
/// so a worker token can only renew, complete or fail the jobs it claimed itself. Only
/// `transcribe` jobs travel: the other kinds read files that stay on the server's machine.
struct WorkerRoutes {
    let backend: ServiceBackend

    /// The job kinds remote workers may claim.
    static let remoteKinds = [TranscriptionRequest.kind]
    /// Bounds of a lease, in seconds.
    static let leaseBounds = 5.0...3600.0

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.post("worker/jobs/claim") { request, context in
            let caller = try requireWorker(context)
            let body = try await JSONResponse.decode(WorkerMessages.Claim.self, from: request, context: context)
            let owner = try Self.owner(caller, body.worker)
            backend.remoteWorkers.heard(owner)
            let lease = try Self.lease(body.lease)
            let kinds = body.kinds ?? Self.remoteKinds
            if let local = kinds.first(where: { !Self.remoteKinds.contains($0) }) {
                throw APIError.badRequest(
                    "Jobs of kind `\(local)` run only on workers beside the server; a remote worker claims \(Self.remoteKinds.joined(separator: ", ")).",
                    fr: "Les tâches de type `\(local)` ne tournent que sur les workers à côté du serveur ; un worker distant prend \(Self.remoteKinds.joined(separator: ", ")).")
            }
            guard !kinds.isEmpty, let job = try await backend.store.claimJob(worker: owner, kinds: kinds, lease: lease) else {
                return Response(status: .noContent)
            }
            var media: WorkerMessages.MediaLink?
            if let payload = try? TranscriptionRequest.decode(payload: job.payload) {
                let link = backend.workerMediaAccess.issue(recordingID: payload.recordingID, user: caller)
                media = WorkerMessages.MediaLink(url: "/worker/jobs/\(job.id!)/media?access=\(link.token)", expiresAt: link.expiresAt)
            }
            context.logger.info("job claimed by a remote worker", metadata: ["job": "\(job.id!)", "owner": "\(owner)"])
            return try JSONResponse.make(WorkerMessages.Claimed(job: job, media: media))
        }
        router.post("worker/jobs/:jobID/renew") { request, context in
            let caller = try requireWorker(context)
            let jobID = try context.parameters.require("jobID", as: Int64.self)
            let body = try await JSONResponse.decode(WorkerMessages.Renew.self, from: request, context: context)
            let lease = try Self.lease(body.lease)
            guard body.progress.isFinite, (0...1).contains(body.progress) else {
                throw APIError.badRequest("`progress` must be between 0 and 1.", fr: "`progress` doit être entre 0 et 1.")
            }
            let owner = try Self.owner(caller, body.worker)
            backend.remoteWorkers.heard(owner)
            try await leased(jobID) {
                try await backend.store.renewLease(jobID: jobID, worker: owner, lease: lease, progress: body.progress)
            }
            return try JSONResponse.make(WorkerMessages.Renewed(jobID: jobID, leaseExpiresAt: Date().addingTimeInterval(lease)))
        }
        router.post("worker/jobs/:jobID/complete") { request, context in
            let caller = try requireWorker(context)
            let jobID = try context.parameters.require("jobID", as: Int64.self)
            let body = try await JSONResponse.decode(WorkerMessages.Complete.self, from: request, context: context)
            let owner = try Self.owner(caller, body.worker)
            backend.remoteWorkers.heard(owner)
            guard let job = try await backend.store.job(id: jobID) else { throw APIError.notFound("Job", jobID) }
            guard job.kind == TranscriptionRequest.kind, let payload = try? TranscriptionRequest.decode(payload: job.payload) else {
                throw APIError(
                    .conflict, code: "not_a_transcription", "Job \(jobID) is not a transcription; only transcripts are sent here.",
                    fr: "La tâche \(jobID) n’est pas une transcription ; seules les transcriptions sont envoyées ici.")
            }
            let input = try body.transcript.input()
            // The transcript and the job's success are written in one transaction, only while the caller holds the lease.
            let transcript = try await leased(jobID) {
                try await backend.store.completeTranscriptionJob(
                    jobID: jobID, worker: owner, recordingID: payload.recordingID, transcript: input)
            }
            context.logger.info("job completed by a remote worker", metadata: ["job": "\(jobID)", "transcript": "\(transcript.id!)"])
            return try JSONResponse.make(WorkerMessages.Completed(jobID: jobID, transcriptID: transcript.id!))
        }
        router.post("worker/jobs/:jobID/fail") { request, context in
            let caller = try requireWorker(context)
            let jobID = try context.parameters.require("jobID", as: Int64.self)
            let body = try await JSONResponse.decode(WorkerMessages.Fail.self, from: request, context: context)
            let owner = try Self.owner(caller, body.worker)
            backend.remoteWorkers.heard(owner)
            let policy = body.handBack == true ? RetryPolicy(baseDelay: 0, maxDelay: 0) : RetryPolicy()
            let job = try await leased(jobID) {
                try await backend.store.failJob(
                    jobID: jobID, worker: owner, error: String(body.error.prefix(2000)), retryable: body.retryable, policy: policy)
            }
            return try JSONResponse.make(WorkerMessages.Failed(jobID: jobID, state: job.state))
        }
    }

    /// `GET /worker/jobs/{id}/media?access=...`: the media of a job the link's holder still leases.
    /// Public: the signed link is the credential (``MediaAccessSigner``, a key of the worker API's own).
    func registerMedia(on router: Router<ServiceRequestContext>) {
        router.get("worker/jobs/:jobID/media") { request, context in
            let jobID = try context.parameters.require("jobID", as: Int64.self)
            let refused = APIError(
                .unauthorized, code: "invalid_media_link",
                "The media link is invalid, expired, or its job is no longer yours; claim the job again for a new link.",
                fr: "Le lien du média n’est pas valide, a expiré, ou sa tâche n’est plus la vôtre ; reprenez la tâche pour un nouveau lien.")
            guard let access = request.uri.queryParameters.get("access"), let job = try await backend.store.job(id: jobID),
                let payload = try? TranscriptionRequest.decode(payload: job.payload),
                let grant = backend.workerMediaAccess.verify(access, recordingID: payload.recordingID),
                job.state == .running, job.leaseOwner?.hasPrefix(Self.ownerPrefix(tokenID: grant.apiTokenID, sessionID: grant.sessionID)) == true,
                try await stillValid(grant)
            else { throw refused }
            guard let recording = try await backend.store.recording(id: payload.recordingID) else {
                throw APIError.notFound("Recording", payload.recordingID)
            }
            let contents = try await backend.mediaContents(of: recording)
            let range = request.headers[.range]
            var details: AuditDetails = ["job": .int(jobID)]
            if let range { details.fields["range"] = .string(range) }
            _ = try await backend.store.appendAudit(
                actorID: grant.userID, action: "worker.media.read", studyID: recording.studyID, targetKind: "recording",
                targetID: recording.id, details: details)
            return try await MediaFileResponse.make(contents, rangeHeader: range, context: context)
        }
    }

    /// The caller, if it may use the worker API: a worker token, or an installation administrator.
    private func requireWorker(_ context: ServiceRequestContext) throws -> AuthenticatedUser {
        let caller = try context.requireIdentity()
        guard caller.scope == .worker || caller.isAdmin else {
            throw APIError(
                .forbidden, code: "forbidden", "Only a worker token or an installation administrator may run jobs; ask an administrator for a worker token.",
                fr: "Seul un jeton de worker ou un administrateur de l’installation peut exécuter des tâches ; demandez un jeton de worker à un administrateur.")
        }
        return caller
    }

    /// Runs a store call that needs the lease; `409 job_cancelled` or `409 lease_lost` when the caller no longer holds it.
    private func leased<T>(_ jobID: Int64, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.kind == .leaseLost {
            if try await backend.store.job(id: jobID)?.state == .cancelled {
                throw APIError(
                    .conflict, code: "job_cancelled", "Job \(jobID) was cancelled; stop working on it.",
                    fr: "La tâche \(jobID) a été annulée ; arrêtez d’y travailler.")
            }
            throw APIError(
                .conflict, code: "lease_lost", "You no longer hold job \(jobID): its lease lapsed and it may run elsewhere; drop the work.",
                fr: "Vous ne détenez plus la tâche \(jobID) : son bail a expiré et elle peut tourner ailleurs ; abandonnez le travail.")
        }
    }

    /// Whether the token or session the link was issued under still works.
    private func stillValid(_ grant: MediaAccessSigner.Grant) async throws -> Bool {
        if grant.sessionID != 0 { return try await backend.sessions.isOpen(sessionID: grant.sessionID, userID: grant.userID) }
        return try await backend.store.tokens(userID: grant.userID).contains(where: { $0.id == grant.apiTokenID && $0.status() == .active })
    }

    /// The lease owner for `name` claimed by `caller`: the caller's identity, then the worker's name.
    static func owner(_ caller: AuthenticatedUser, _ name: String) throws -> String {
        guard (1...100).contains(name.count), !name.contains(where: { $0.isNewline || $0 == "/" }) else {
            throw APIError.badRequest(
                "`worker` must name the worker in 1 to 100 characters, without `/` or line breaks.",
                fr: "`worker` doit nommer le worker en 1 à 100 caractères, sans `/` ni saut de ligne.")
        }
        return ownerPrefix(tokenID: caller.tokenID ?? 0, sessionID: caller.sessionID ?? 0) + name
    }

    /// `token-<id>/` or `session-<id>/`.
    static func ownerPrefix(tokenID: Int64, sessionID: Int64) -> String {
        tokenID != 0 ? "token-\(tokenID)/" : "session-\(sessionID)/"
    }

    static func lease(_ seconds: Double) throws -> Double {
        guard seconds.isFinite, leaseBounds.contains(seconds) else {
            throw APIError.badRequest(
                "`lease` must be between \(Int(leaseBounds.lowerBound)) and \(Int(leaseBounds.upperBound)) seconds.",
                fr: "`lease` doit être entre \(Int(leaseBounds.lowerBound)) et \(Int(leaseBounds.upperBound)) secondes.")
        }
        return seconds
    }
}
