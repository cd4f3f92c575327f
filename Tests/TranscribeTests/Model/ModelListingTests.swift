import Foundation
import Testing
import Transcribe

@Suite("Listing a models folder")
struct ModelListingTests {
    /// Readable checkpoints are summarised, a damaged one is listed with its reason, and the
    /// other folders are named; nothing throws.
    @Test func listsSummariesDamagedAndOtherFolders() throws {
        let installed = try InstalledModelsFolder()
        let listing = ModelListing(ModelFolder(url: installed.url))
        #expect(listing.folder == installed.url.standardizedFileURL.path)
        #expect(listing.whisper.map(\.name) == ["base", "tiny.en"])
        #expect(listing.whisper.map(\.width) == [512, 384])
        #expect(listing.damaged.map(\.name) == ["broken"])
        #expect(listing.damaged.first?.error.contains("whisper-broken/model.bin") == true)
        #expect(listing.other == ["notes", "silero-vad"])
    }

    @Test func emptyFolder() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-no-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let listing = ModelListing(ModelFolder(url: empty))
        #expect(listing.folder == empty.standardizedFileURL.path)
        #expect(listing.whisper.count == 0 && listing.damaged.count == 0 && listing.other.count == 0)
    }
}
