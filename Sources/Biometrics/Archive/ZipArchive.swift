import Foundation
import ZIPFoundation

/// A read-only ZIP archive: ZIPFoundation reads the central directory (ZIP64 included) and
/// inflates members through zlib in a stream, while ``Limits`` count the bytes actually
/// produced and stop a ZIP bomb as soon as a member or the archive crosses a bound.
struct ZipArchive {
    /// One member of the archive.
    struct Entry {
        /// The member's path inside the archive ("/"-separated).
        var path: String
        /// Whether the member is deflated (else stored).
        var isCompressed: Bool
        /// The compressed size the central directory records.
        var compressedSize: Int
        /// The inflated size the central directory records (a claim; limits never trust it).
        var uncompressedSize: Int
        /// ZIPFoundation's entry, to extract.
        let entry: ZIPFoundation.Entry

        /// The last path component.
        var name: String { path.split(separator: "/").last.map(String.init) ?? path }
        /// Whether the entry is a directory.
        var isDirectory: Bool { entry.type == .directory || path.hasSuffix("/") }
    }

    /// Compressed bytes ZIPFoundation reads at a time, and the largest chunk it inflates into.
    static let chunkSize = 64 * 1024

    /// The archive's file name, for error messages.
    let file: String
    /// The members in central-directory order.
    let entries: [Entry]
    /// What members may inflate to.
    let limits: Limits
    /// Bytes produced so far by all members read through this value.
    private(set) var inflatedSoFar = 0
    private let archive: Archive

    /// Opens the archive at `url` (read from disk as members are read).
    init(url: URL, limits: Limits = .wearableExport) throws(ImportError) {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ImportError(file: url.path, reason: .unreadable, message: "cannot read the ZIP file; check the path and permissions")
        }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            let head = (try? FileHandle(forReadingFrom: url)).flatMap { try? $0.read(upToCount: 2) } ?? Data()
            throw Self.unreadable(file: url.path, head: head)
        }
        self.init(archive: archive, file: url.path, limits: limits)
    }

    /// Opens an archive held in memory; `file` names it in errors.
    init(bytes: [UInt8], file: String, limits: Limits = .wearableExport) throws(ImportError) {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw Self.unreadable(file: file, head: Data(bytes.prefix(2)))
        }
        self.init(archive: archive, file: file, limits: limits)
    }

    private init(archive: Archive, file: String, limits: Limits) {
        self.archive = archive
        self.file = file
        self.limits = limits
        self.entries = archive.map { entry in
            Entry(
                path: entry.path, isCompressed: entry.isCompressed, compressedSize: Int(clamping: entry.compressedSize),
                uncompressedSize: Int(clamping: entry.uncompressedSize), entry: entry)
        }
    }

    /// The error for a file ZIPFoundation cannot open: a truncated ZIP if it starts like one.
    private static func unreadable(file: String, head: Data) -> ImportError {
        let isZip = head.elementsEqual(Array("PK".utf8))
        return ImportError(
            file: file, reason: isZip ? .truncated : .wrongFormat,
            message: isZip ? "the ZIP file is truncated or its central directory is damaged; download it again" : "not a ZIP file")
    }

    /// The inflated contents of `entry`, checked against its recorded size and CRC-32.
    ///
    /// Inflating stops as soon as the member passes `limits.maxMemberSize`, the archive passes
    /// `limits.maxArchiveSize`, the member passes its recorded size, or (past
    /// `limits.ratioGrace`) the output per compressed byte read passes `limits.maxRatio`.
    mutating func contents(of entry: Entry) throws(ImportError) -> [UInt8] {
        let memberFile = "\(file)/\(entry.path)"
        func fail(_ message: String, _ reason: ImportError.Reason = .malformed) -> ImportError {
            ImportError(file: memberFile, reason: reason, message: message)
        }
        var output: [UInt8] = []
        output.reserveCapacity(min(max(entry.uncompressedSize, 0), limits.ratioGrace))
        var meter = InflationMeter(limits: limits, entry: entry, archiveSoFar: inflatedSoFar, chunkSize: Self.chunkSize)
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry.entry, bufferSize: Self.chunkSize) { data in
                try meter.count(data.count)
                output.append(contentsOf: data)
            }
        } catch let exceeded as InflationMeter.Exceeded {
            let advice =
                exceeded.reason == .truncated ? "download the archive again" : "unpack it and import the folder, or split the export"
            throw fail("\(exceeded.message); \(advice)", exceeded.reason)
        } catch Archive.ArchiveError.invalidCompressionMethod {
            throw fail("the compression method is not supported (only stored and deflate); unpack it and import the folder", .unsupported)
        } catch {
            throw fail("cannot inflate the member (\(error)): the archive is damaged; download it again")
        }
        inflatedSoFar += output.count
        guard output.count == entry.uncompressedSize, checksum == entry.entry.checksum else {
            throw fail("size or CRC-32 mismatch: the archive is damaged (or the member is encrypted); download it again")
        }
        return output
    }
}
