import Foundation

/// An interview being recorded in the browser: its media arrive in numbered chunks as it is
/// recorded, and it becomes a ``Recording`` when it finishes.
///
/// Chunks belong to *parts*: each part is what one browser recorder produced (one WebM or Ogg
/// stream with its own header). A page that was closed and comes back starts a new part; the
/// parts follow each other in time and are joined when the capture finishes.
public struct Capture: Codable, Sendable, Hashable {
    /// Where a capture is in its life.
    public enum State: String, Codable, Sendable, Hashable, CaseIterable {
        /// Chunks are being received.
        case recording
        /// Assembled into a recording.
        case finished
        /// Given up by a researcher; its files are gone.
        case discarded
    }

    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study the interview belongs to.
    public var studyID: Int64
    /// Title of the future recording.
    public var title: String
    /// Who started the recording.
    public var createdBy: Int64
    /// Who confirmed that the participant's recorded consent was obtained.
    public var consentBy: Int64
    /// When they confirmed it (UTC), before the first byte was kept.
    public var consentAt: Date
    /// What they noted about the consent (form number, oral consent at 00:00…), if anything.
    public var consentNote: String?
    /// The browser recorder's MIME type (`audio/webm;codecs=opus`).
    public var mimeType: String
    /// Whether the recorder captures video.
    public var hasVideo: Bool
    /// The participant interviewed, if chosen.
    public var participantID: Int64?
    /// The language of the interview (`fr`), or `nil` to detect it.
    public var language: String?
    /// Where the capture is in its life.
    public var state: State
    /// Chunks received, which is also the index the next chunk must have.
    public var chunkCount: Int
    /// Bytes received in all parts.
    public var byteCount: Int64
    /// Parts started (see the type's description).
    public var parts: Int
    /// The recording it became, once finished.
    public var recordingID: Int64?
    /// The transcription job queued when it finished.
    public var jobID: Int64?
    /// When the capture was started (UTC).
    public var createdAt: Date
    /// When a chunk last arrived or the state last changed (UTC).
    public var updatedAt: Date

    /// Creates a capture that has received nothing yet; the store assigns `id`.
    public init(
        id: Int64? = nil, studyID: Int64, title: String, createdBy: Int64, consentBy: Int64, consentAt: Date = Date(),
        consentNote: String? = nil, mimeType: String, hasVideo: Bool = false, participantID: Int64? = nil, language: String? = nil,
        state: State = .recording, chunkCount: Int = 0, byteCount: Int64 = 0, parts: Int = 0, recordingID: Int64? = nil,
        jobID: Int64? = nil, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.studyID = studyID
        self.title = title
        self.createdBy = createdBy
        self.consentBy = consentBy
        self.consentAt = consentAt
        self.consentNote = consentNote
        self.mimeType = mimeType
        self.hasVideo = hasVideo
        self.participantID = participantID
        self.language = language
        self.state = state
        self.chunkCount = chunkCount
        self.byteCount = byteCount
        self.parts = parts
        self.recordingID = recordingID
        self.jobID = jobID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One received chunk of a ``Capture``: enough to recognise a resent copy and to rebuild its part.
public struct CaptureChunk: Codable, Sendable, Hashable {
    /// The capture.
    public var captureID: Int64
    /// Position among the capture's chunks, from 0.
    public var chunkIndex: Int
    /// The part (browser recorder) it belongs to, from 0.
    public var part: Int
    /// Lower-case hex SHA-256 of its bytes.
    public var sha256: String
    /// Its size in bytes.
    public var byteCount: Int64
    /// When it arrived (UTC).
    public var receivedAt: Date

    /// Creates a chunk record.
    public init(captureID: Int64, chunkIndex: Int, part: Int, sha256: String, byteCount: Int64, receivedAt: Date = Date()) {
        self.captureID = captureID
        self.chunkIndex = chunkIndex
        self.part = part
        self.sha256 = sha256
        self.byteCount = byteCount
        self.receivedAt = receivedAt
    }
}
