/// Which transcript version of a recording is current: the one readers see, search finds and
/// exports hold.
///
/// A new machine transcription (a re-run with another model or language) is stored as the newest
/// version, but it must not hide human work made on an older one. So the current version is the
/// newest one that holds human work — reviewed, written by a person (a correction), or carrying
/// codings — and only when no version does, the newest. A person makes a re-run current by
/// reviewing or correcting it; every version stays readable through `GET /transcripts/{id}`.
public enum TranscriptCurrency {
    /// A SQL subquery giving the id of the current version of the recording whose id is the SQL
    /// expression `recording` (a column or a `?` placeholder).
    public static func currentIDSQL(recording: String) -> String {
        """
        (SELECT current.id FROM transcript AS current WHERE current.recordingID = \(recording)
         ORDER BY (current.status = 'reviewed' OR current.engine = 'human'
                   OR EXISTS (SELECT 1 FROM coding WHERE coding.transcriptID = current.id)) DESC,
                  current.version DESC
         LIMIT 1)
        """
    }
}
