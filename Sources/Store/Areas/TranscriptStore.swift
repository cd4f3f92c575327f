import Foundation

/// Transcripts: versions, segments, words, speakers, edits.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol TranscriptStore: Sendable {
    /// Stores `input` as the next version of the recording's transcript, with its segments, words and speakers.
    func addTranscript(recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript
    /// Stores a new version made from `transcriptID` with `edits` applied; the old version is kept.
    /// The old version's codings are copied onto the new one at the same text, and its memos move
    /// with them (``TranscriptOffsetMap``).
    func editTranscript(_ transcriptID: Int64, edits: [SegmentEdit], editorID: Int64, status: TranscriptStatus)
        async throws -> Transcript
    /// Applies a person's changes (``TranscriptOperation``) to a version: in place on the working
    /// draft, else as a new version (``TranscriptAmendment``); each change enters the history.
    func amendTranscript(_ transcriptID: Int64, operations: [TranscriptOperation], editorID: Int64) async throws
        -> TranscriptAmendment
    /// Marks a version validated (`reviewed`) or back to `draft`, with an entry in its history.
    func setTranscriptStatus(_ transcriptID: Int64, status: TranscriptStatus, editorID: Int64) async throws -> Transcript
    /// A version's edit history, oldest first.
    func transcriptEdits(transcriptID: Int64) async throws -> [TranscriptEdit]
    /// Gives timed words to segments of a transcript version that have none (text a person
    /// corrected, re-aligned to the audio), keyed by segment position; segments that already
    /// have words keep them.
    func setWords(transcriptID: Int64, words: [Int: [WordInput]]) async throws
    /// The transcript version with this id, or `nil`.
    func transcript(id: Int64) async throws -> Transcript?
    /// All versions of a recording's transcript, oldest first.
    func transcripts(recordingID: Int64) async throws -> [Transcript]
    /// The newest version of a recording's transcript, or `nil`.
    func latestTranscript(recordingID: Int64) async throws -> Transcript?
    /// The version that readers, search and exports use (``TranscriptCurrency``): the newest one
    /// holding human work (reviewed, written by a person, or coded), else the newest; `nil` when none.
    func currentTranscript(recordingID: Int64) async throws -> Transcript?
    /// A version with its segments, words and speakers, from one snapshot; `nil` if unknown.
    func transcriptDetail(transcriptID: Int64) async throws -> TranscriptDetail?
    /// The current version (``currentTranscript(recordingID:)``) with its content, from one snapshot.
    func currentTranscriptDetail(recordingID: Int64) async throws -> TranscriptDetail?
    /// The segments of a transcript version, in order.
    func segments(transcriptID: Int64) async throws -> [Segment]
    /// The words of a transcript version, in order.
    func words(transcriptID: Int64) async throws -> [Word]
    /// The speakers of a recording.
    func speakers(recordingID: Int64) async throws -> [Speaker]
    /// Identifies a speaker as a participant and/or the interviewer.
    func identifySpeaker(_ speakerID: Int64, participantID: Int64?, isInterviewer: Bool) async throws
    /// Renames a speaker (`S1` → `Interviewer`); the label must be new in its recording.
    func renameSpeaker(_ speakerID: Int64, label: String) async throws -> Speaker
}
