import Biometrics
import Foundation
import Logging
import Store
import Transcribe

extension Worker {
    /// What an `import-biometrics` job stored, as its JSON result.
    struct BiometricImportResult: Codable, Sendable {
        var format: String
        var streams: Int
        var samples: Int
        var markers: Int
        var notes: [String]
        var omitted: [String]
    }

    /// Runs an `import-biometrics` job: reads the uploaded file on a dedicated thread (the
    /// importers' caps bound what a ZIP may inflate to), then stores its streams and markers and
    /// completes the job in one transaction. The uploaded file is removed once the job ends, for
    /// good or not; a failure that another try may cure (the store busy) keeps it for the retry.
    func importBiometrics(_ job: Job, logger: Logger) async throws {
        let jobID = job.id!
        let store = try localStore(for: BiometricImportRequest.kind)
        let request = try payload(BiometricImportRequest.self, of: job)
        let file = configuration.importsDirectory.appendingPathComponent(request.file, isDirectory: false)
        var finished = false
        defer { if finished { try? FileManager.default.removeItem(at: file) } }
        guard file.deletingLastPathComponent().standardizedFileURL == configuration.importsDirectory.standardizedFileURL,
            FileManager.default.fileExists(atPath: file.path)
        else {
            finished = true
            throw PipelineError(step: "import", "the uploaded file \(request.filename) is gone; upload it again", isRetryable: false)
        }
        guard let participant = try await store.participant(id: request.participantID) else {
            finished = true
            throw PipelineError(step: "import", "participant \(request.participantID) no longer exists (erased?)", isRetryable: false)
        }
        let control = JobControl()
        let renewal = leaseRenewal(jobID: jobID, control: control, logger: logger)
        defer { renewal.cancel() }
        let pseudonym = participant.pseudonym
        let read = await DedicatedThread.run(name: "verbatim-import-\(jobID)") {
            Result { () throws(ImportError) -> BiometricImport in try BiometricImporter(participant: pseudonym).read(file) }
        }
        let imported: BiometricImport
        do {
            imported = try read.get()
        } catch {
            finished = true
            throw PipelineError(
                step: "import", error.description.replacingOccurrences(of: file.path, with: request.filename), isRetryable: false)
        }
        guard !imported.streams.isEmpty || !imported.markers.isEmpty else {
            finished = true
            throw PipelineError(step: "import", "\(request.filename) holds no data channel Verbatim can store", isRetryable: false)
        }
        let summary = BiometricImportResult(
            format: imported.format.rawValue, streams: imported.streams.count,
            samples: imported.streams.reduce(0) { $0 + $1.values.count }, markers: imported.markers.count, notes: imported.notes,
            omitted: imported.omitted)
        let result = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        renewal.cancel()
        if control.leaseLost {
            logger.warning("lease lost (job cancelled or expired); import dropped")
            return
        }
        do {
            try await store.importBiometrics(
                [imported], studyID: participant.studyID, participantID: participant.id!, actorID: request.actorID,
                completing: JobCompletion(jobID: jobID, worker: identifier, result: result))
        } catch let error as StoreError where error.kind == .invalidInput {
            finished = true
            throw PipelineError(step: "store", error.message, isRetryable: false)
        }
        finished = true
        logger.info("wearable file imported", metadata: ["streams": "\(summary.streams)", "samples": "\(summary.samples)"])
    }
}
