import Foundation
import Logging
import ServiceLifecycle

/// Runs ``RetentionSweep`` over every study at start and then every hour, for as long as the server runs.
struct RetentionService: Service {
    let sweep: RetentionSweep

    func run() async throws {
        await sweepOnce()
        // A graceful shutdown cancels the sleep: return normally then (ServiceLifecycle).
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: RetentionSweep.interval) } catch { return }
                await sweepOnce()
            }
        }
    }

    private func sweepOnce() async {
        do {
            let outcomes = try await sweep.run()
            let removed = outcomes.filter { $0.result == .removed }.count
            if !outcomes.isEmpty {
                sweep.backend.logger.info(
                    "retention sweep", metadata: ["removed": "\(removed)", "kept for now": "\(outcomes.count - removed)"])
            }
        } catch {
            sweep.backend.logger.error("retention sweep failed; it runs again in an hour", metadata: ["error": "\(error)"])
        }
    }
}
