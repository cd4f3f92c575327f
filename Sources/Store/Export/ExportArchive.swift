import Foundation
import ZIPFoundation

/// A ZIP file an export writes entry by entry with ZIPFoundation: text and XML deflated, media
/// copied in 1 MiB chunks as they are (never held whole). The file is new and readable by its
/// owner only (0600).
struct ExportArchive {
    private let archive: Archive
    private let date: Date
    private var mediaKeys: StudyKeyring?

    /// Creates the empty archive at `url`; `mediaKeys` decrypt media encrypted at rest as they are
    /// copied in (the plain bytes go straight into the archive, never to another file).
    /// - Throws: ``StoreError`` `.file` if `url` exists or its folder is not writable.
    init(creating url: URL, date: Date, mediaKeys: StudyKeyring? = nil) throws {
        self.mediaKeys = mediaKeys
        do {
            archive = try Archive(url: url, accessMode: .create)
            try PrivateFiles.restrict(url)
        } catch {
            throw StoreError(
                .file, "Cannot create \(url.lastPathComponent) (\(error)); check that its folder is writable and it does not exist yet.",
                fr: "Impossible de créer \(url.lastPathComponent) (\(error)) ; vérifiez que son dossier est accessible en écriture et que le fichier n'existe pas déjà.")
        }
        self.date = date
    }

    /// Creates an empty archive in memory (small documents such as a `.docx`); read it with ``data``.
    init(inMemoryAt date: Date) throws {
        do { archive = try Archive(data: Data(), accessMode: .create) } catch {
            throw StoreError(
                .file, "Cannot create an archive in memory (\(error)).", fr: "Impossible de créer une archive en mémoire (\(error)).")
        }
        self.date = date
    }

    /// The bytes of an in-memory archive (`nil` for one on disk).
    var data: Data? { archive.data }

    /// Adds `contents` as a deflated entry at `path`.
    func add(_ contents: Data, as path: String) throws {
        do {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(contents.count), modificationDate: date, compressionMethod: .deflate
            ) { position, size in
                let start = Int(position)
                return contents.subdata(in: start..<min(start + size, contents.count))
            }
        } catch {
            throw StoreError(
                .file, "Cannot write \(path) into the archive (\(error)); check the free space of the export folder.",
                fr: "Impossible d'écrire \(path) dans l'archive (\(error)) ; vérifiez l'espace libre du dossier d'export.")
        }
    }

    /// Adds the file at `file` (stored, not compressed: media are compressed already) as `path`.
    ///
    /// - Throws: ``StoreError`` `.conflict` when the file is gone (the export can be made without media).
    func add(file: URL, as path: String) throws {
        guard FileManager.default.isReadableFile(atPath: file.path) else {
            throw StoreError(
                .conflict, "The media file of \(path) is missing on the server; export eaf without its media, or upload the recording again.",
                fr: "Le fichier média de \(path) manque sur le serveur ; exportez l'eaf sans son média, ou téléversez à nouveau l'enregistrement.")
        }
        do {
            if EncryptedFileFormat.isEncrypted(file) {
                guard let mediaKeys else {
                    throw StoreError(
                        .conflict, "The media file of \(path) is encrypted and no master key was given; export from the running service, or give its master key.",
                        fr: "Le fichier média de \(path) est chiffré et aucune clé maîtresse n'a été donnée ; exportez depuis le service, ou donnez sa clé maîtresse.")
                }
                let reader = try EncryptedFileReader(url: file, key: mediaKeys.key(id:))
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: reader.size, modificationDate: date, compressionMethod: .none,
                    bufferSize: 1 << 20
                ) { position, size in try reader.read(offset: position, count: size) }
            } else {
                try archive.addEntry(with: path, fileURL: file, compressionMethod: .none, bufferSize: 1 << 20)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as EncryptionError {
            throw StoreError(.file, "Cannot add the media file of \(path) to the archive: \(error.message)", fr: "Impossible d'ajouter le fichier média de \(path) à l'archive : \(error.french)")
        } catch {
            throw StoreError(
                .file, "Cannot add the media file \(file.lastPathComponent) to the archive (\(error)); check that it still exists.",
                fr: "Impossible d'ajouter le fichier média \(file.lastPathComponent) à l'archive (\(error)) ; vérifiez qu'il existe encore.")
        }
    }
}
