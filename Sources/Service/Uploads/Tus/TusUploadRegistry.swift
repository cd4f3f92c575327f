import Crypto
import Foundation
import HTTPTypes
import Logging
import Store

/// The resumable uploads in progress: their state on disk (``TusUpload`` in `<id>.json`, bytes in
/// `<id>.bin`, in `media/tus/`, sealed when media are encrypted at rest: ``PartialMediaFiles``),
/// the running SHA-256 of each in memory, and a lock that lets one PATCH at a time write to an upload.
///
/// State is read back from disk when a new server meets an upload it has not seen (after a
/// restart): the hash is then recomputed once from the bytes on disk.
actor TusUploadRegistry {
    /// An upload whose bytes a PATCH may now write: the caller must ``end(_:offset:hasher:)`` or ``release(_:)`` it.
    struct Lease: Sendable {
        var upload: TusUpload
        /// The SHA-256 of the bytes so far, `nil` when it must be recomputed from the file.
        var hasher: SHA256?
        /// Where the sealed file's records end after the last PATCH, `nil` when they must be read again.
        var tail: SealedAppendFile.Tail?
        /// The file holding the bytes.
        var file: URL
        /// How the file is written and read.
        var files: PartialMediaFiles
    }

    private struct Entry {
        var upload: TusUpload
        var hasher: SHA256?
        var tail: SealedAppendFile.Tail?
        var busy = false
    }

    let folder: URL
    let expiry: TimeInterval
    let clock: ServiceClock
    /// How the bytes are kept (sealed or in clear).
    let files: PartialMediaFiles
    private var entries: [String: Entry] = [:]

    /// A registry over `folder` whose uploads expire `expiry` seconds after their last bytes.
    init(folder: URL, expiry: TimeInterval, clock: ServiceClock, files: PartialMediaFiles) {
        self.folder = folder
        self.files = files
        self.expiry = expiry
        self.clock = clock
    }

    /// The bytes of upload `id`.
    nonisolated func dataFile(_ id: String) -> URL { folder.appendingPathComponent("\(id).bin") }
    private func stateFile(_ id: String) -> URL { folder.appendingPathComponent("\(id).json") }

    /// Creates an empty upload of `length` bytes for `userID` in `studyID`.
    func create(
        userID: Int64, studyID: Int64, length: Int64, filename: String?, title: String?, recordedAt: Date?, sha256: String?
    ) throws -> TusUpload {
        let now = clock.now()
        let upload = TusUpload(
            id: TusUpload.newID(), userID: userID, studyID: studyID, length: length, offset: 0, filename: filename, title: title,
            recordedAt: recordedAt, sha256: sha256, createdAt: now, expiresAt: now.addingTimeInterval(expiry))
        do {
            try PrivateFiles.createFolder(folder)
            try files.create(dataFile(upload.id), studyID: studyID)
            try save(upload)
        } catch {
            try? FileManager.default.removeItem(at: dataFile(upload.id))
            throw Self.storageFailure
        }
        entries[upload.id] = Entry(upload: upload, hasher: SHA256())
        return upload
    }

    /// Upload `id` as its creator `userID` sees it (HEAD); 404 when it does not exist, expired or is someone else's.
    func upload(_ id: String, userID: Int64) throws -> TusUpload {
        try entry(id, userID: userID).upload
    }

    /// Locks upload `id` for one PATCH; 423 while another PATCH holds it.
    func begin(_ id: String, userID: Int64) throws -> Lease {
        var entry = try entry(id, userID: userID)
        guard !entry.busy else {
            throw APIError(
                TusProtocol.locked, code: "upload_busy",
                "Another PATCH is writing to this upload; wait for it to end (HEAD gives the offset), then send the rest.",
                fr: "Un autre PATCH écrit dans ce dépôt ; attendez sa fin (HEAD donne la position), puis envoyez la suite.")
        }
        entry.busy = true
        entries[id] = entry
        return Lease(upload: entry.upload, hasher: entry.hasher, tail: entry.tail, file: dataFile(id), files: files)
    }

    /// Ends a PATCH: records the new offset, hash and tail, moves the expiry on, and unlocks.
    func end(_ id: String, offset: Int64, hasher: SHA256?, tail: SealedAppendFile.Tail?) throws -> TusUpload {
        guard var entry = entries[id] else { throw Self.notFound }
        entry.upload.offset = offset
        entry.upload.expiresAt = clock.now().addingTimeInterval(expiry)
        entry.hasher = hasher
        entry.tail = tail
        entry.busy = false
        entries[id] = entry
        do {
            try save(entry.upload)
        } catch {
            throw Self.storageFailure
        }
        return entry.upload
    }

    /// Unlocks upload `id` without changing it.
    func release(_ id: String) {
        entries[id]?.busy = false
    }

    /// Forgets upload `id` and removes its files (termination, a finished or refused upload).
    func remove(_ id: String) {
        entries[id] = nil
        try? FileManager.default.removeItem(at: stateFile(id))
        try? FileManager.default.removeItem(at: dataFile(id))
    }

    /// Terminates upload `id` for its creator; 423 while a PATCH writes to it.
    func terminate(_ id: String, userID: Int64) throws -> TusUpload {
        let entry = try entry(id, userID: userID)
        guard !entry.busy else {
            throw APIError(
                TusProtocol.locked, code: "upload_busy", "A PATCH is writing to this upload; end it before deleting the upload.",
                fr: "Un PATCH écrit dans ce dépôt ; terminez-le avant de supprimer le dépôt.")
        }
        remove(id)
        return entry.upload
    }

    /// Removes every upload that expired and is not being written, and any file without its
    /// state; returns the uploads removed.
    @discardableResult
    func sweep(logger: Logger) -> [TusUpload] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let now = clock.now()
        var removed: [TusUpload] = []
        for name in names {
            let id = String(name.prefix { $0 != "." })
            guard TusUpload.isValidID(id), entries[id]?.busy != true else { continue }
            if let upload = try? load(id) {
                guard upload.expiresAt <= now else { continue }
                removed.append(upload)
            } else if FileManager.default.fileExists(atPath: stateFile(id).path) {
                continue  // Unreadable state: leave it for the administrator rather than guess.
            }
            remove(id)
        }
        if !removed.isEmpty {
            logger.info("removed expired resumable uploads", metadata: ["uploads": "\(removed.map(\.id))"])
        }
        return removed
    }

    private func entry(_ id: String, userID: Int64) throws -> Entry {
        guard TusUpload.isValidID(id) else { throw Self.notFound }
        if entries[id] == nil, let upload = try? load(id) {
            entries[id] = Entry(upload: upload, hasher: nil)
        }
        guard let entry = entries[id], entry.upload.userID == userID else { throw Self.notFound }
        guard entry.busy || entry.upload.expiresAt > clock.now() else {
            remove(id)
            throw Self.notFound
        }
        return entry
    }

    /// Reads upload `id` from disk; its file is cut back to the recorded offset (bytes written
    /// after the last recorded PATCH, by a server that stopped, are not trusted).
    private func load(_ id: String) throws -> TusUpload {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var upload = try decoder.decode(TusUpload.self, from: Data(contentsOf: stateFile(id)))
        upload.offset = try files.truncate(dataFile(id), to: upload.offset)
        return upload
    }

    private func save(_ upload: TusUpload) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let url = stateFile(upload.id)
        try encoder.encode(upload).write(to: url, options: .atomic)
        try PrivateFiles.restrict(url)
    }

    static let notFound = APIError(
        .notFound, code: "not_found", "This upload does not exist, expired or is not yours; create a new one (POST /uploads).",
        fr: "Ce dépôt n’existe pas, a expiré ou ne vous appartient pas ; créez-en un nouveau (POST /uploads).")

    static let storageFailure = APIError(
        .internalServerError, code: "storage_failure", "The server cannot write to its media folder; tell its administrator.",
        fr: "Le serveur ne peut pas écrire dans son dossier de médias ; prévenez son administrateur.")
}
