import Biometrics
import Foundation
import Testing

@testable import Store

/// `verbatim import` takes the data directory as `serve`, `worker` and `admin` do, and a dry run
/// needs no study or participant since it stores nothing. Runs the built binary (skipped when it
/// is not beside the tests, as in ``ImportExportCommandTests``).
@Suite("verbatim import options")
struct ImportCommandOptionsTests {
    @Test(.enabled(if: ImportExportCommandTests.binary != nil, "the verbatim binary is not built next to the tests"))
    func dataDirectoryAndDryRunWithoutTarget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-import-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("verbatim.sqlite").path)
        let seeded = try await SeededStudy.seed(store, folder: folder)
        let fit = ImportExportCommandTests.biometrics.appendingPathComponent("fit/garmin-fenix-5-run.fit").path

        let dry = try ImportExportCommandTests.verbatim(["import", fit, "--dry-run"])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(String(decoding: dry.out, as: UTF8.self).contains("Dry run: nothing was stored."))

        let untargeted = try ImportExportCommandTests.verbatim(["import", fit, "--data", folder.path])
        #expect(untargeted.status != 0)
        #expect(untargeted.err.contains("--study") && untargeted.err.contains("--participant"), "\(untargeted.err)")

        let imported = try ImportExportCommandTests.verbatim([
            "import", fit, "--data", folder.path, "--study", String(seeded.study.id!), "--participant", "P-014",
        ])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(try await store.countRaw("SELECT COUNT(*) FROM biometric_stream") > 0)
    }
}
