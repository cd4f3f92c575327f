/// What an importer read from one file or folder: streams, markers, and what it left out.
public struct BiometricImport: Sendable, Hashable {
    /// The file formats Verbatim reads.
    public enum Format: String, Sendable, Hashable, Codable {
        /// Empatica E4 export: a folder or ZIP of per-channel CSV files.
        case empaticaE4
        /// Garmin / ANT+ Flexible and Interoperable Data Transfer file.
        case fit
        /// European Data Format (16-bit).
        case edf
        /// EDF+ (with an annotation signal).
        case edfPlus
        /// BioSemi Data Format (24-bit EDF variant).
        case bdf
        /// PhysioNet WFDB record (.hea + signal files + annotations).
        case wfdb
        /// Apple Health `export.xml`.
        case appleHealth
        /// A plain CSV export (ring, logger).
        case csv
    }

    /// The format that was read.
    public var format: Format
    /// The streams, in the order the file holds them.
    public var streams: [TimeSeries]
    /// Event markers and annotations.
    public var markers: [Marker]
    /// What was deliberately left out and why (personal data, GPS, unknown channels...).
    public var omitted: [String]
    /// Facts the user should know about how the file was read (assumed time zone, a partial read...).
    public var notes: [String]

    /// Creates an import result.
    public init(format: Format, streams: [TimeSeries], markers: [Marker] = [], omitted: [String] = [], notes: [String] = []) {
        self.format = format
        self.streams = streams
        self.markers = markers
        self.omitted = omitted
        self.notes = notes
    }

    /// The first stream of a kind, if any.
    public func stream(_ kind: ChannelKind) -> TimeSeries? { streams.first { $0.kind == kind } }

    /// The streams' plausibility warnings (see ``TimeSeries/plausibilityWarning``), for the user to
    /// check before trusting the import.
    public var warnings: [String] { streams.compactMap(\.plausibilityWarning) }
}
