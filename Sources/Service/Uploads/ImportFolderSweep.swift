import Foundation
import Logging
import Store

/// Removes uploaded wearable files that no queued or running `import-biometrics` job will read:
/// files left by a server killed between upload and queueing, or whose job was erased with its
/// participant. Files younger than `minimumAge` are kept (their job may be about to be queued).
enum ImportFolderSweep {
    /// Deletes the orphan files of `configuration.importsDirectory`; returns how many went.
    @discardableResult
    static func run(configuration: ServiceConfiguration, store: any Store, minimumAge: TimeInterval, logger: Logger) async throws -> Int {
        let folder = configuration.importsDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !names.isEmpty else { return 0 }
        let live = Set(try await pendingImports(store: store).map(\.file))
        var removed = 0
        for name in names where !live.contains(name) {
            let url = folder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date ?? .distantPast
            guard Date().timeIntervalSince(modified) >= minimumAge else { continue }
            do {
                try FileManager.default.removeItem(at: url)
                removed += 1
            } catch {
                logger.warning("cannot remove an orphan wearable upload", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
        if removed > 0 { logger.info("removed orphan wearable uploads", metadata: ["files": "\(removed)"]) }
        return removed
    }

    /// The imports that queued or running jobs will read.
    static func pendingImports(store: any Store) async throws -> [BiometricImportRequest] {
        var requests: [BiometricImportRequest] = []
        for state in [JobState.queued, .running] {
            for job in try await store.jobs(state: state) where job.kind == BiometricImportRequest.kind {
                if let request = try? BiometricImportRequest.decode(payload: job.payload) { requests.append(request) }
            }
        }
        return requests
    }

    /// Removes the uploaded files of `requests` (their jobs were erased).
    static func remove(_ requests: [BiometricImportRequest], configuration: ServiceConfiguration) {
        for request in requests {
            try? FileManager.default.removeItem(at: configuration.importsDirectory.appendingPathComponent(request.file, isDirectory: false))
        }
    }
}
