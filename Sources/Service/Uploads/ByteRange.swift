import Foundation

/// One byte range of an HTTP `Range: bytes=...` header, resolved against a file's size (RFC 9110 §14).
struct ByteRange: Equatable {
    /// First byte, inclusive.
    var first: Int64
    /// Last byte, inclusive.
    var last: Int64

    /// Number of bytes in the range.
    var count: Int64 { last - first + 1 }

    /// Parses `bytes=a-b`, `bytes=a-` or `bytes=-n` for a file of `size` bytes.
    ///
    /// Returns `nil` for a header this server ignores (another unit, several ranges: the whole
    /// file is sent then); throws ``Unsatisfiable`` when the range lies outside the file.
    static func parse(_ header: String, size: Int64) throws -> ByteRange? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("bytes=") else { return nil }
        let spec = trimmed.dropFirst("bytes=".count)
        guard !spec.contains(",") else { return nil }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let startText = parts[0].trimmingCharacters(in: .whitespaces)
        let endText = parts[1].trimmingCharacters(in: .whitespaces)
        if startText.isEmpty {
            guard let suffix = Int64(endText), suffix > 0 else { throw Unsatisfiable() }
            guard size > 0 else { throw Unsatisfiable() }
            return ByteRange(first: max(0, size - suffix), last: size - 1)
        }
        guard let first = Int64(startText), first >= 0 else { return nil }
        guard first < size else { throw Unsatisfiable() }
        if endText.isEmpty { return ByteRange(first: first, last: size - 1) }
        guard let last = Int64(endText), last >= first else { return nil }
        return ByteRange(first: first, last: min(last, size - 1))
    }

    /// The range does not overlap the file (HTTP 416).
    struct Unsatisfiable: Error {}
}
