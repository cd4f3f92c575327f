import Crypto
import Foundation

/// Backups of a data folder (the store `verbatim.sqlite` and the media under `media/`) and their
/// verified restore.
///
/// A backup is a folder: `verbatim.sqlite` (SQLite's online backup, taken while the service
/// runs), a copy of `media/`, and `manifest.json` (``BackupManifest``). The store is copied first:
/// a media file is written before its recording's row, so every recording of the snapshot finds
/// its file among the media copied after it.
public enum DataBackup {
    /// The store's file name in a data folder and in a backup.
    public static let storeName = "verbatim.sqlite"
    /// The manifest's file name in a backup.
    public static let manifestName = "manifest.json"

    /// What a restore checked.
    public struct Restored: Sendable, Equatable {
        public var files: Int
        public var rows: Int
        public var auditEvents: Int
        /// Recordings whose media path was moved to the new data folder.
        public var movedMediaPaths: Int
    }

    /// Backs up `store` and the media of `dataFolder` into `destination`, which must not exist or
    /// be empty. A recording deleted between the store's snapshot and the copy of its media (its
    /// file gone) makes the backup start again, up to `attempts` times.
    @discardableResult
    public static func make(store: any BackupStore, dataFolder: URL, to destination: URL, attempts: Int = 3) async throws -> BackupManifest {
        try requireEmpty(destination, what: "backup")
        for attempt in 1...max(1, attempts) {
            try PrivateFiles.createFolder(destination)
            let (manifest, missing) = try await copy(store: store, dataFolder: dataFolder, to: destination)
            if missing.isEmpty { return manifest }
            try FileManager.default.removeItem(at: destination)
            if attempt == attempts {
                throw StoreError(
                    .conflict, "Recordings were deleted while the backup ran (\(missing.joined(separator: ", "))): run the backup again.",
                    fr: "Des enregistrements ont été supprimés pendant la sauvegarde (\(missing.joined(separator: ", "))) : relancez la sauvegarde.")
            }
        }
        preconditionFailure("unreachable: the last attempt returns or throws")
    }

    /// One attempt: the store's snapshot, then the media, then the manifest; returns the media
    /// paths of the snapshot's recordings that were not found with their hash.
    static func copy(store: any BackupStore, dataFolder: URL, to destination: URL) async throws -> (BackupManifest, missing: [String]) {
        let storeCopy = destination.appendingPathComponent(store.backupFileName)
        let copied = try await store.backup(to: storeCopy)
        guard copied.audit.isIntact else {
            throw StoreError(
                .database, "The store's audit log is broken (\(copied.audit.problems.joined(separator: "; "))): no backup made; investigate first.",
                fr: "Le journal d’audit de la base est rompu (\(copied.audit.problems.joined(separator: "; "))) : aucune sauvegarde faite ; enquêtez d’abord.")
        }
        var files = [try describe(storeCopy, as: store.backupFileName)]
        let root = dataFolder.standardizedFileURL.path
        let media = dataFolder.appendingPathComponent("media", isDirectory: true)
        for relative in try regularFiles(under: media) {
            let target = destination.appendingPathComponent("media").appendingPathComponent(relative)
            try PrivateFiles.createFolder(target.deletingLastPathComponent())
            do {
                try FileManager.default.copyItem(at: media.appendingPathComponent(relative), to: target)
            } catch where !FileManager.default.fileExists(atPath: media.appendingPathComponent(relative).path) {
                continue  // deleted since it was listed: the check below says whether the snapshot needed it
            }
            try PrivateFiles.restrict(target)
            files.append(try describe(target, as: "media/" + relative))
        }
        let hashes = Dictionary(files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        // A file encrypted at rest (issue 20) cannot match the hash of its plain media: it counts as
        // found when copied; its manifest entry holds the hash of its stored bytes.
        let missing = copied.media.filter { path, sha256 in
            guard path.hasPrefix(root + "/") else { return true }
            let relative = String(path.dropFirst(root.count + 1))
            guard let copiedHash = hashes[relative] else { return true }
            return copiedHash != sha256 && !EncryptedFileFormat.isEncrypted(destination.appendingPathComponent(relative))
        }.keys.sorted()
        let manifest = BackupManifest(
            createdAt: Date(), dataFolder: root, schema: copied.schema, rows: copied.rows,
            auditEvents: copied.audit.eventCount, auditHead: copied.audit.headHash, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let manifestURL = destination.appendingPathComponent(manifestName)
        try PrivateFiles.createFile(manifestURL)
        try encoder.encode(manifest).write(to: manifestURL)
        return (manifest, missing)
    }

    /// Restores the backup at `source` into `dataFolder` (missing or empty), after checking every
    /// file's size and SHA-256 against the manifest; then opens the store and checks its audit
    /// chain, its rows per table and each recording's media against the manifest.
    ///
    /// - Throws: ``StoreError`` saying what differs; nothing is left in `dataFolder` then.
    ///
    /// `store` says where the store goes: the SQLite file of `dataFolder` by default, or a
    /// database (PostgreSQL's restoration reads the backup's dump into an empty database).
    public static func restore(from source: URL, into dataFolder: URL, store restoration: StoreRestoration = .sqlite) async throws
        -> Restored
    {
        try requireEmpty(dataFolder, what: "data")
        let manifest = try readManifest(source)
        guard manifest.files.contains(where: { $0.path == restoration.fileName }) else {
            let held = manifest.files.map(\.path).filter { !$0.hasPrefix("media/") }.joined(separator: ", ")
            throw StoreError(
                .invalidInput,
                "This backup holds \(held), not \(restoration.fileName): restore a SQLite backup without --database (then `verbatim store copy`), a PostgreSQL one with --database postgres://….",
                fr: "Cette sauvegarde contient \(held), pas \(restoration.fileName) : restaurez une sauvegarde SQLite sans --database (puis `verbatim store copy`), une sauvegarde PostgreSQL avec --database postgres://….")
        }
        for file in manifest.files {
            let found = try describe(source.appendingPathComponent(file.path), as: file.path)
            guard found == file else {
                throw StoreError(
                    .invalidInput, "The backup's file \(file.path) differs from its manifest (size or SHA-256): the backup is damaged.",
                    fr: "Le fichier \(file.path) de la sauvegarde ne correspond pas à son manifeste (taille ou SHA-256) : la sauvegarde est endommagée.")
            }
        }
        try PrivateFiles.createFolder(dataFolder)
        do {
            for file in manifest.files where restoration.copiesFile || file.path != restoration.fileName {
                let target = dataFolder.appendingPathComponent(file.path)
                try PrivateFiles.createFolder(target.deletingLastPathComponent())
                try FileManager.default.copyItem(at: source.appendingPathComponent(file.path), to: target)
                try PrivateFiles.restrict(target)
                guard try describe(target, as: file.path) == file else {
                    throw StoreError(
                        .file, "The restored \(file.path) differs from the backup's: check the disk and restore again.",
                        fr: "Le fichier restauré \(file.path) diffère de celui de la sauvegarde : vérifiez le disque et restaurez à nouveau.")
                }
            }
            let store = try await restoration.open(source.appendingPathComponent(restoration.fileName), dataFolder)
            let moved = try await store.moveMediaPaths(from: manifest.dataFolder, to: dataFolder.standardizedFileURL.path)
            try await check(store, against: manifest)
            return Restored(
                files: manifest.files.count, rows: manifest.rows.values.reduce(0, +), auditEvents: manifest.auditEvents,
                movedMediaPaths: moved)
        } catch {
            // Nothing half-restored: the folder was empty before.
            for item in (try? FileManager.default.contentsOfDirectory(atPath: dataFolder.path)) ?? [] {
                try? FileManager.default.removeItem(at: dataFolder.appendingPathComponent(item))
            }
            throw error
        }
    }

    /// The restored store against the manifest: audit chain, rows per table, recordings' media.
    static func check(_ store: any BackupStore, against manifest: BackupManifest) async throws {
        let contents = try await store.contents()
        let audit = contents.audit
        guard audit.isIntact, audit.eventCount == manifest.auditEvents, audit.headHash == manifest.auditHead else {
            throw StoreError(
                .invalidInput, "The restored audit log is not the backup's (\(audit.problems.joined(separator: "; "))): the backup is damaged.",
                fr: "Le journal d’audit restauré n’est pas celui de la sauvegarde (\(audit.problems.joined(separator: "; "))) : la sauvegarde est endommagée.")
        }
        let differing = manifest.rows.filter { contents.rows[$0.key] != $0.value }.keys.sorted()
        guard differing.isEmpty else {
            throw StoreError(
                .invalidInput, "Restored rows differ from the manifest in \(differing.joined(separator: ", ")): the backup is damaged.",
                fr: "Les lignes restaurées diffèrent du manifeste dans \(differing.joined(separator: ", ")) : la sauvegarde est endommagée.")
        }
        for (path, sha256) in contents.media.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: path)
            let stored = FileManager.default.fileExists(atPath: url.path) ? try Self.sha256(of: url) : nil
            // An encrypted file is checked against the manifest's hash of its stored bytes.
            let encrypted = manifest.files.first { path.hasSuffix("/" + $0.path) && $0.path.hasPrefix("media/") }?.sha256
            guard let stored, stored == sha256 || (stored == encrypted && EncryptedFileFormat.isEncrypted(url)) else {
                throw StoreError(
                    .invalidInput, "A recording's media \(path) is missing from the backup or differs from the store's hash.",
                    fr: "Le média \(path) d’un enregistrement manque dans la sauvegarde ou ne correspond pas à l’empreinte de la base.")
            }
        }
    }

    static func readManifest(_ source: URL) throws -> BackupManifest {
        let url = source.appendingPathComponent(manifestName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError(
                .notFound, "There is no backup at \(source.path) (no \(manifestName)).",
                fr: "Il n’y a pas de sauvegarde dans \(source.path) (pas de \(manifestName)).")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data), manifest.format == 1 else {
            throw StoreError(
                .invalidInput, "\(url.path) is not a manifest of a Verbatim backup this version reads.",
                fr: "\(url.path) n’est pas un manifeste de sauvegarde Verbatim que cette version sait lire.")
        }
        return manifest
    }

    static func requireEmpty(_ folder: URL, what: String) throws {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard items.isEmpty else {
            throw StoreError(
                .conflict, "The \(what) folder \(folder.path) is not empty: give a new or empty folder, nothing is overwritten.",
                fr: "Le dossier \(folder.path) n’est pas vide : donnez un dossier nouveau ou vide, rien n’est écrasé.")
        }
    }

    /// Regular files under `folder`, as paths relative to it, sorted; none when it does not exist.
    static func regularFiles(under folder: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let root = folder.standardizedFileURL.path + "/"
        var files: [String] = []
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let path = url.standardizedFileURL.path
            files.append(path.hasPrefix(root) ? String(path.dropFirst(root.count)) : url.lastPathComponent)
        }
        return files.sorted()
    }

    static func describe(_ url: URL, as path: String) throws -> BackupManifest.File {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? -1
        return BackupManifest.File(path: path, size: size, sha256: try sha256(of: url))
    }

    /// Lower-case hex SHA-256 of a file, read in 1 MiB blocks.
    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return Hex.encode(hasher.finalize())
    }
}
