import Foundation
import Media
import Logging
import Store
import Transcribe

/// A worker: claims `transcribe`, `align`, `import-biometrics` and `live-transcribe` jobs from a
/// ``JobSource`` (the store on this machine, or a server's worker API) with a lease, renews the
/// lease while the work runs on a dedicated thread, and stores the result and completes the job
/// in one transaction.
///
/// A worker killed mid-job loses nothing: its lease lapses and another worker claims the job.
/// On SIGTERM (``ShutdownSignal``) it claims nothing new, lets the running job finish within
/// ``shutdownGrace`` seconds, and otherwise hands the job back to the queue.
public struct Worker: Sendable {
    /// Where jobs come from and their outcome goes.
    public let source: any JobSource
    /// The store, for the job kinds only a worker on the server's machine runs (`nil` for a remote worker).
    let store: (any Store)?
    /// Paths (models) and the lease length.
    public let configuration: ServiceConfiguration
    /// The lease owner name: host and process id.
    public let identifier: String
    /// The logger.
    public let logger: Logger
    /// Set to stop the worker.
    public let shutdown: ShutdownSignal
    /// Seconds between polls of an empty queue.
    public var pollInterval: Double = 0.5
    /// Seconds a running job may go on after shutdown is requested.
    public var shutdownGrace: Double = 60
    /// The job kinds this worker claims (all by default).
    public var kinds = [LiveTranscriptionRequest.kind, BiometricImportRequest.kind, TranscriptionRequest.kind, AlignmentRequest.kind]
    /// The loaded models, kept from one job to the next.
    let pipelines: PipelineCache

    /// Creates a worker on this machine's store and media folder (``LocalJobSource``).
    public init(store: any Store, configuration: ServiceConfiguration, logger: Logger, shutdown: ShutdownSignal = ShutdownSignal()) {
        self.init(
            source: LocalJobSource(store: store, media: FolderMediaStorage(root: configuration.mediaDirectory)), store: store,
            configuration: configuration, logger: logger, shutdown: shutdown)
    }

    /// Creates a worker that takes its jobs from `source`; it claims only the kinds the source offers.
    public init(source: any JobSource, configuration: ServiceConfiguration, logger: Logger, shutdown: ShutdownSignal = ShutdownSignal()) {
        self.init(source: source, store: (source as? LocalJobSource)?.store, configuration: configuration, logger: logger, shutdown: shutdown)
    }

    private init(
        source: any JobSource, store: (any Store)?, configuration: ServiceConfiguration, logger: Logger, shutdown: ShutdownSignal
    ) {
        self.source = source
        self.store = store
        self.configuration = configuration
        self.identifier = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        var logger = logger
        logger[metadataKey: "worker"] = "\(identifier)"
        self.logger = logger
        self.shutdown = shutdown
        self.pipelines = PipelineCache(modelsDirectory: configuration.modelsDirectory)
        self.kinds = kinds.filter(source.kinds.contains)
    }

    /// Processes jobs until shutdown is requested.
    public func run() async throws {
        logger.info("worker started", metadata: ["lease": "\(configuration.leaseSeconds)"])
        while !shutdown.isRequested {
            let worked = try await runOnce()
            if !worked { try await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9)) }
        }
        logger.info("worker stopped")
    }

    /// Claims and processes one job; `false` when the queue had none.
    public func runOnce() async throws -> Bool {
        guard
            let job = try await source.claim(
                worker: identifier, kinds: kinds, lease: configuration.leaseSeconds)
        else { return false }
        await process(job)
        return true
    }

    func process(_ job: Job) async {
        let jobID = job.id!
        var logger = logger
        logger[metadataKey: "job"] = "\(jobID)"
        logger.info("job claimed", metadata: ["attempt": "\(job.attempts)"])
        do {
            if job.kind == AlignmentRequest.kind {
                try await align(job, logger: logger)
                return
            }
            if job.kind == BiometricImportRequest.kind {
                try await importBiometrics(job, logger: logger)
                return
            }
            if job.kind == LiveTranscriptionRequest.kind {
                try await transcribeLive(job, logger: logger)
                return
            }
            let request = try payload(TranscriptionRequest.self, of: job)
            let input = try await runPipeline(request, jobID: jobID, logger: logger)
            guard let input else { return }
            // The transcript and the job's success are written in one transaction, only while this worker holds the lease.
            let transcriptID = try await source.completeTranscription(
                jobID: jobID, worker: identifier, recordingID: request.recordingID, transcript: input)
            logger.info("job succeeded", metadata: ["transcript": "\(transcriptID)"])
        } catch let error as PipelineError {
            await fail(jobID, message: error.description, retryable: error.isRetryable, logger: logger)
        } catch let error as StoreError where error.kind == .leaseLost {
            logger.warning("lease lost; another worker owns the job now", metadata: ["error": "\(error)"])
        } catch {
            await fail(jobID, message: "\(error)", retryable: true, logger: logger)
        }
    }

    /// Fetches the media and runs the pipeline on its own thread while renewing the lease (a
    /// remote worker's download included); `nil` if the job was lost or handed back.
    func runPipeline(_ request: TranscriptionRequest, jobID: Int64, logger: Logger) async throws -> TranscriptInput? {
        let control = JobControl()
        let renewal = leaseRenewal(jobID: jobID, control: control, logger: logger)
        defer { renewal.cancel() }
        let media = try await source.media(recordingID: request.recordingID, jobID: jobID, worker: identifier)
        defer { media.discard() }
        let input = media.input
        let shutdown = shutdown, grace = shutdownGrace, pipelines = pipelines
        let result = await DedicatedThread.run(name: "verbatim-job-\(jobID)") {
            Result { () throws(PipelineError) -> TranscriptInput in
                let pipeline = try pipelines.pipeline(model: request.model, logger: logger)
                let transcript = try pipeline.run(
                    input: input, options: request.pipelineOptions(multilingual: pipeline.transcriber.model.isMultilingual),
                    progress: { control.report($0) },
                    shouldStop: {
                        if let since = shutdown.requested, Date().timeIntervalSince(since) >= grace { control.requestHandBack() }
                        return control.shouldStop
                    })
                return TranscriptInput(transcript, model: request.model)
            }
        }
        renewal.cancel()
        if control.leaseLost {
            logger.warning("lease lost (job cancelled or expired); result dropped")
            return nil
        }
        if control.handBack {
            await fail(
                jobID, message: "the worker was stopped before finishing; the job was handed back", retryable: true,
                policy: RetryPolicy(baseDelay: 0, maxDelay: 0), logger: logger)
            return nil
        }
        return try result.get()
    }

    /// The store, for a job kind that only a worker on the server's machine runs.
    func localStore(for kind: String) throws -> any Store {
        guard let store else {
            throw PipelineError(step: "payload", "\(kind) jobs run only on workers beside the server's store", isRetryable: true)
        }
        return store
    }

    /// The job's parameters; a payload that is not of the job's kind fails the job for good.
    func payload<Payload: JobPayload>(_ type: Payload.Type, of job: Job) throws -> Payload {
        do {
            return try Payload.decode(payload: job.payload)
        } catch {
            throw PipelineError(step: "payload", "the job's payload is not a valid \(Payload.kind) request (\(error))", isRetryable: false)
        }
    }

    /// Renews the job's lease every third of its length until cancelled; tells `control` when the
    /// lease is lost or when shutdown's grace has run out.
    func leaseRenewal(jobID: Int64, control: JobControl, logger: Logger) -> Task<Void, Never> {
        Task { [source, identifier, configuration, shutdown, shutdownGrace] in
            let interval = max(0.2, configuration.leaseSeconds / 3)
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                if Task.isCancelled { break }
                if let since = shutdown.requested, Date().timeIntervalSince(since) > shutdownGrace { control.requestHandBack() }
                do {
                    try await source.renew(
                        jobID: jobID, worker: identifier, lease: configuration.leaseSeconds, progress: control.progress)
                } catch let error as StoreError where error.kind == .leaseLost {
                    control.loseLease()
                    break
                } catch {
                    logger.warning("lease renewal failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    func fail(_ jobID: Int64, message: String, retryable: Bool, policy: RetryPolicy = RetryPolicy(), logger: Logger) async {
        // The job's error is shown to users: the server's folders stay out of it.
        let shown = message.replacingOccurrences(of: configuration.dataDirectory.standardizedFileURL.path + "/", with: "")
            .replacingOccurrences(of: configuration.dataDirectory.path + "/", with: "")
        do {
            let state = try await source.fail(jobID: jobID, worker: identifier, error: shown, retryable: retryable, policy: policy)
            logger.warning("job failed", metadata: ["error": "\(message)", "state": "\(state.rawValue)"])
        } catch {
            logger.error("cannot record the job's failure", metadata: ["error": "\(error)", "failure": "\(message)"])
        }
    }
}
