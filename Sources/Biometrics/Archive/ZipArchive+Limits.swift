extension ZipArchive {
    /// Bounds on what members may inflate to, checked against the bytes actually produced
    /// (never against the sizes the archive declares, which a hostile file chooses).
    struct Limits: Sendable, Hashable {
        /// The most bytes one member may inflate to.
        var maxMemberSize: Int
        /// The most bytes all members read from one archive may inflate to together.
        var maxArchiveSize: Int
        /// The most inflated bytes per compressed byte read, once a member exceeds `ratioGrace`.
        var maxRatio: Int
        /// Inflated size below which the ratio is not checked (small files compress very well).
        var ratioGrace: Int

        /// Wearable exports: 256 MiB a member, 1 GiB an archive, 200:1 past the first 4 MiB
        /// (E4 CSVs compress about 4:1; a run of zeros about 1000:1).
        static let wearableExport = Limits(maxMemberSize: 256 << 20, maxArchiveSize: 1 << 30, maxRatio: 200, ratioGrace: 4 << 20)
    }

    /// Counts one member's output, chunk by chunk as ZIPFoundation hands it over, against
    /// ``Limits`` and against the member's recorded sizes.
    ///
    /// The compressed bytes read are counted from ZIPFoundation's chunking: it feeds zlib
    /// `chunkSize` compressed bytes at a time and hands over the output of every inflate call;
    /// the output of each input chunk ends with a call shorter than `chunkSize`. So while
    /// chunk `n` (from 1) is inflated, at most `n × chunkSize` compressed bytes have been read,
    /// and the ratio is never overstated.
    struct InflationMeter {
        /// A bound crossed; `message` says which, with the figures.
        struct Exceeded: Error {
            var message: String
            var reason: ImportError.Reason
        }

        let limits: Limits
        let entry: Entry
        let archiveSoFar: Int
        let chunkSize: Int
        private(set) var produced = 0
        private var inputChunk = 1

        init(limits: Limits, entry: Entry, archiveSoFar: Int, chunkSize: Int) {
            self.limits = limits
            self.entry = entry
            self.archiveSoFar = archiveSoFar
            self.chunkSize = chunkSize
        }

        /// Adds `count` bytes just produced; throws when a bound is crossed.
        mutating func count(_ count: Int) throws(Exceeded) {
            produced += count
            if produced > limits.maxMemberSize {
                throw Exceeded(
                    message: "the member inflates past the limit of \(limits.maxMemberSize) bytes (stopped there)", reason: .unsupported)
            }
            if archiveSoFar + produced > limits.maxArchiveSize {
                throw Exceeded(
                    message:
                        "the members read so far inflate past the limit of \(limits.maxArchiveSize) bytes for one archive (stopped there)",
                    reason: .unsupported)
            }
            if produced > entry.uncompressedSize {
                throw Exceeded(
                    message:
                        "the member inflates past its declared \(entry.uncompressedSize) bytes (stopped there): the archive is damaged or hostile",
                    reason: .unsupported)
            }
            guard entry.isCompressed else { return }
            let read = inputChunk * chunkSize
            if produced > limits.ratioGrace, produced / read > limits.maxRatio {
                throw Exceeded(
                    message:
                        "the member inflates \(produced) bytes from at most \(read) (more than \(limits.maxRatio):1), which no sensor export does",
                    reason: .unsupported)
            }
            guard count < chunkSize else { return }
            // This input chunk is used up (or the stream ended in it). Once every compressed
            // byte of the member has gone to zlib, a stream short of its declared size is cut:
            // stop here rather than read on into the rest of the file (at whose end
            // ZIPFoundation 0.9.20's Linux inflate loop would wait for input forever).
            if read >= entry.compressedSize, produced < entry.uncompressedSize {
                throw Exceeded(
                    message:
                        "the member's compressed data ends after \(produced) of its \(entry.uncompressedSize) bytes: the archive is truncated or damaged",
                    reason: .truncated)
            }
            inputChunk += 1
        }
    }
}
