import Foundation
import Logging
import Synchronization
import Transcribe

/// The worker's loaded pipelines, one per model, kept between jobs so that a job does not
/// pay for loading the weights again.
final class PipelineCache: Sendable {
    private let pipelines = Mutex<[String: RecordingPipeline]>([:])
    private let modelsDirectory: URL

    init(modelsDirectory: URL) {
        self.modelsDirectory = modelsDirectory
    }

    /// The pipeline for `model` (a folder under the models directory), loaded on first use.
    /// Blocks while loading: call it on the job's thread.
    func pipeline(model: String, logger: Logger) throws(PipelineError) -> RecordingPipeline {
        if var cached = pipelines.withLock({ $0[model] }) {
            cached.logger = logger
            return cached
        }
        let loaded = try RecordingPipeline(
            modelDirectory: modelsDirectory.appendingPathComponent(model, isDirectory: true), modelsDirectory: modelsDirectory,
            logger: logger)
        pipelines.withLock { $0[model] = loaded }
        return loaded
    }
}
