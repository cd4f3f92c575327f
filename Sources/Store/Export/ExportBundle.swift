import Foundation

/// Everything an export needs about a study, read in one snapshot by ``Store/exportBundle(studyID:recordingIDs:)``.
///
/// Exporters are pure functions of a bundle, so they work the same on every store backend.
public struct ExportBundle: Sendable, Hashable, Codable {
    /// The study.
    public var study: Study
    /// Members and coders referenced by codings and memos.
    public var users: [User]
    /// The study's participants (cases).
    public var participants: [Participant]
    /// Their case variables, sensitive ones included (flagged).
    public var attributes: [ParticipantAttribute]
    /// The codebook, parents before children.
    public var codes: [Code]
    /// The study's memos.
    public var memos: [Memo]
    /// The exported recordings with their newest transcript.
    public var recordings: [RecordingBundle]

    /// Creates a bundle.
    public init(
        study: Study, users: [User], participants: [Participant], attributes: [ParticipantAttribute], codes: [Code],
        memos: [Memo], recordings: [RecordingBundle]
    ) {
        self.study = study
        self.users = users
        self.participants = participants
        self.attributes = attributes
        self.codes = codes
        self.memos = memos
        self.recordings = recordings
    }
}

/// One recording of an ``ExportBundle`` with its newest transcript version.
public struct RecordingBundle: Sendable, Hashable, Codable {
    /// The recording.
    public var recording: Recording
    /// Its participants and their roles.
    public var participants: [RecordingParticipant]
    /// The newest transcript version, if transcribed.
    public var transcript: Transcript?
    /// The recording's speakers.
    public var speakers: [Speaker]
    /// The transcript's segments in order.
    public var segments: [Segment]
    /// The transcript's words in order.
    public var words: [Word]
    /// The codings on the transcript.
    public var codings: [Coding]

    /// Creates a recording bundle.
    public init(
        recording: Recording, participants: [RecordingParticipant], transcript: Transcript?, speakers: [Speaker],
        segments: [Segment], words: [Word], codings: [Coding]
    ) {
        self.recording = recording
        self.participants = participants
        self.transcript = transcript
        self.speakers = speakers
        self.segments = segments
        self.words = words
        self.codings = codings
    }

    /// The label of a speaker id, or "Locuteur"/"Speaker" (in `language`) when unknown.
    public func label(of speakerID: Int64?, language: UserLanguage = .fr) -> String {
        speakers.first { $0.id == speakerID && speakerID != nil }?.label ?? ExportWording.unknownSpeaker(language)
    }
}

extension RecordingBundle {
    /// The name a speaker goes by in documents for people: the pseudonym of the participant the
    /// speaker is identified as, else the speaker's label (`Interviewer`, `SPEAKER_01`), else
    /// "Locuteur"/"Speaker".
    func speakerName(of speakerID: Int64?, pseudonyms: [Int64: String], language: UserLanguage) -> String {
        guard let speakerID, let speaker = speakers.first(where: { $0.id == speakerID }) else {
            return ExportWording.unknownSpeaker(language)
        }
        return speaker.participantID.flatMap { pseudonyms[$0] } ?? speaker.label
    }
}

extension ExportBundle {
    /// Participants' pseudonyms by id.
    var pseudonyms: [Int64: String] {
        Dictionary(uniqueKeysWithValues: participants.compactMap { p in p.id.map { ($0, p.pseudonym) } })
    }
}
