import Foundation
import Service
import Store
import Testing

/// The default media storage: a folder per study under the media folder, real files.
@Suite("Folder media storage")
struct FolderMediaStorageTests {
    @Test func storesReadsAndRemovesMedia() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-media-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try PrivateFiles.createFolder(root)
        let storage = FolderMediaStorage(root: root)
        let sample = TestPaths.speech("en_commonvoice_651325.mp3")
        let incoming = root.appendingPathComponent("upload.part")
        try FileManager.default.copyItem(at: sample, to: incoming)

        let reference = try storage.store(incoming, studyID: 7, name: "abc.mp3")
        #expect(reference == root.appendingPathComponent("study-7/abc.mp3").path)
        #expect(!FileManager.default.fileExists(atPath: incoming.path), "the file is moved, not copied")
        #expect(try Data(contentsOf: storage.file(for: reference)) == Data(contentsOf: sample))

        // A name with a folder in it is refused, and the file stays where it was.
        try FileManager.default.copyItem(at: sample, to: incoming)
        #expect(throws: MediaStorageError.self) { try storage.store(incoming, studyID: 7, name: "../escape.mp3") }
        #expect(FileManager.default.fileExists(atPath: incoming.path))

        try storage.remove(reference)
        try storage.remove(reference)
        do {
            _ = try storage.file(for: reference)
            Issue.record("a removed file was found")
        } catch let error as MediaStorageError {
            #expect(error.message.contains("abc.mp3") && error.french.contains("abc.mp3"))
        }
    }
}
