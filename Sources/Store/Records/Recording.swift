import Foundation

/// An interview recording (audio or video file) of a study.
public struct Recording: Codable, Sendable, Hashable {
    /// Row identifier; `nil` until stored.
    public var id: Int64?
    /// The study that owns the recording.
    public var studyID: Int64
    /// Title shown to researchers (for example `Interview P-014, 2nd visit`).
    public var title: String
    /// Absolute path of the media file on disk (removed on GDPR erasure).
    public var mediaPath: String
    /// Lower-case hex SHA-256 of the media file.
    public var fileHash: String
    /// Container format name as probed (for example `wav`, `mov,mp4,m4a,3gp,3g2,mj2`).
    public var container: String
    /// Whether the file has a video stream.
    public var hasVideo: Bool
    /// Number of audio channels, if known.
    public var audioChannels: Int?
    /// Duration in seconds, if known.
    public var duration: Double?
    /// Wall-clock start of the recording (UTC), used to align biometric streams.
    public var recordedAt: Date?
    /// When the recording was added (UTC).
    public var createdAt: Date
    /// The uploaded file's own name (`03 Entretien Marie.mp3`), for export file names; `nil` when unknown.
    public var originalName: String?
    /// Who confirmed the participant's recorded consent, for an interview recorded in the pages (``Capture``).
    public var consentBy: Int64?
    /// When they confirmed it (UTC).
    public var consentAt: Date?
    /// When the original media was deleted under the study's retention rule (``RetentionRule``);
    /// `mediaPath` then names its redacted copy, or is empty when none was kept.
    public var mediaRemovedAt: Date?

    /// Whether `mediaPath` names the redacted copy that replaced the original media.
    public var mediaIsRedacted: Bool { mediaRemovedAt != nil && !mediaPath.isEmpty }
    /// Whether the recording has no media left (deleted under retention without a copy).
    public var mediaIsGone: Bool { mediaRemovedAt != nil && mediaPath.isEmpty }

    /// Creates a recording value; the store assigns `id`.
    public init(
        id: Int64? = nil, studyID: Int64, title: String, mediaPath: String, fileHash: String, container: String,
        hasVideo: Bool = false, audioChannels: Int? = nil, duration: Double? = nil, recordedAt: Date? = nil,
        createdAt: Date = Date(), originalName: String? = nil, consentBy: Int64? = nil, consentAt: Date? = nil,
        mediaRemovedAt: Date? = nil
    ) {
        self.id = id
        self.studyID = studyID
        self.title = title
        self.mediaPath = mediaPath
        self.fileHash = fileHash
        self.container = container
        self.hasVideo = hasVideo
        self.audioChannels = audioChannels
        self.duration = duration
        self.recordedAt = recordedAt
        self.createdAt = createdAt
        self.originalName = originalName
        self.consentBy = consentBy
        self.consentAt = consentAt
        self.mediaRemovedAt = mediaRemovedAt
    }
}

/// The part a participant plays in a recording: an open set with common values as constants.
public struct ParticipantRole: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    /// The role name as stored.
    public var rawValue: String
    /// Creates a role from its stored name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a role from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The person interviewed.
    public static let interviewee: ParticipantRole = "interviewee"
    /// The person conducting the interview.
    public static let interviewer: ParticipantRole = "interviewer"
    /// A caregiver or relative present.
    public static let caregiver: ParticipantRole = "caregiver"

    /// Encodes as the bare string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Decodes from a bare string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
}

/// Links a participant to a recording with a role.
public struct RecordingParticipant: Codable, Sendable, Hashable {
    /// The recording.
    public var recordingID: Int64
    /// The participant heard or seen in it.
    public var participantID: Int64
    /// Their role in this recording.
    public var role: ParticipantRole

    /// Creates a link value.
    public init(recordingID: Int64, participantID: Int64, role: ParticipantRole) {
        self.recordingID = recordingID
        self.participantID = participantID
        self.role = role
    }
}
