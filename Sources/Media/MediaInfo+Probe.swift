import Foundation

extension MediaInfo {
    /// Probes the file at `url`: container, duration, streams and creation time.
    ///
    /// Throws ``MediaError`` when the file is missing, unreadable, not media, or incomplete.
    public init(probing url: URL) throws(MediaError) {
        let context = try FormatContext(path: url.path)
        self = context.info()
    }

    /// Probes `input`: a file, or bytes read through a ``MediaByteSource``.
    public init(probing input: MediaInput) throws(MediaError) {
        self = try FormatContext(input: input).info()
    }
}
