import Foundation
import Logging
import ServiceLifecycle

/// Removes abandoned resumable uploads: at start, then every `interval` seconds until the
/// server shuts down.
struct TusExpirySweep: Service {
    let uploads: TusUploadRegistry
    let interval: TimeInterval
    let logger: Logger

    /// A sweep of `uploads` as often as a quarter of their expiry, at most hourly, at least every second.
    init(uploads: TusUploadRegistry, logger: Logger) {
        self.uploads = uploads
        self.interval = min(3600, max(1, uploads.expiry / 4))
        self.logger = logger
    }

    func run() async throws {
        await uploads.sweep(logger: logger)
        // A graceful shutdown cancels the sleep: return normally then (ServiceLifecycle).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(interval))
                } catch {
                    return
                }
                await uploads.sweep(logger: logger)
            }
        }
    }
}
