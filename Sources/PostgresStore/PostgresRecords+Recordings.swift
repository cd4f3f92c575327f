import Foundation
import PostgresNIO
import Store

extension Participant: PostgresRecord {
    static let columns = "id, studyID, pseudonym, createdAt"
    init(row: PostgresRow) throws {
        let (id, studyID, pseudonym, createdAt) = try row.decode((Int64, Int64, String, Date).self)
        self.init(id: id, studyID: studyID, pseudonym: pseudonym, createdAt: createdAt)
    }
}

extension ParticipantAttribute: PostgresRecord {
    static let columns = "id, participantID, name, value, isSensitive"
    init(row: PostgresRow) throws {
        let (id, participantID, name, value, isSensitive) = try row.decode((Int64, Int64, String, String, Bool).self)
        self.init(id: id, participantID: participantID, name: name, value: value, isSensitive: isSensitive)
    }
}

extension Recording: PostgresRecord {
    static let columns = """
        id, studyID, title, mediaPath, fileHash, container, hasVideo, audioChannels, duration, recordedAt, createdAt,
        originalName, consentBy, consentAt, mediaRemovedAt
        """
    init(row: PostgresRow) throws {
        let (
            id, studyID, title, mediaPath, fileHash, container, hasVideo, audioChannels, duration, recordedAt, createdAt,
            originalName, consentBy, consentAt, mediaRemovedAt
        ) = try row.decode(
            (Int64, Int64, String, String, String, String, Bool, Int?, Double?, Date?, Date, String?, Int64?, Date?, Date?).self)
        self.init(
            id: id, studyID: studyID, title: title, mediaPath: mediaPath, fileHash: fileHash, container: container,
            hasVideo: hasVideo, audioChannels: audioChannels, duration: duration, recordedAt: recordedAt, createdAt: createdAt,
            originalName: originalName, consentBy: consentBy, consentAt: consentAt,
            mediaRemovedAt: mediaRemovedAt)
    }
}

extension RecordingParticipant: PostgresRecord {
    static let columns = "recordingID, participantID, role"
    init(row: PostgresRow) throws {
        let (recordingID, participantID, role) = try row.decode((Int64, Int64, String).self)
        self.init(recordingID: recordingID, participantID: participantID, role: ParticipantRole(rawValue: role))
    }
}

extension RecordingSync: PostgresRecord {
    static let columns = #"recordingID, wallClockStart, "offset", updatedAt, syncMarkerID, markerPosition"#
    init(row: PostgresRow) throws {
        let (recordingID, wallClockStart, offset, updatedAt, syncMarkerID, markerPosition) = try row.decode(
            (Int64, Date?, Double, Date, Int64?, Double?).self)
        self.init(
            recordingID: recordingID, wallClockStart: wallClockStart, offset: offset, updatedAt: updatedAt,
            syncMarkerID: syncMarkerID, markerPosition: markerPosition)
    }
}

extension Segment: PostgresRecord {
    static let columns = #"id, transcriptID, position, start, "end", speakerID, text, confidence, charStart, charEnd, flags"#
    init(row: PostgresRow) throws {
        let (id, transcriptID, position, start, end, speakerID, text, confidence, charStart, charEnd, flags) = try row.decode(
            (Int64, Int64, Int, Double, Double, Int64?, String, Double?, Int, Int, String?).self)
        self.init(
            id: id, transcriptID: transcriptID, position: position, start: start, end: end, speakerID: speakerID, text: text,
            confidence: confidence, charStart: charStart, charEnd: charEnd, flags: flags)
    }
}

extension Word: PostgresRecord {
    static let columns = #"word.id, word.segmentID, word.position, word.start, word."end", word.text, word.probability"#
    init(row: PostgresRow) throws {
        let (id, segmentID, position, start, end, text, probability) = try row.decode(
            (Int64, Int64, Int, Double, Double, String, Double?).self)
        self.init(id: id, segmentID: segmentID, position: position, start: start, end: end, text: text, probability: probability)
    }
}

extension Speaker: PostgresRecord {
    static let columns = "id, recordingID, label, participantID, isInterviewer"
    init(row: PostgresRow) throws {
        let (id, recordingID, label, participantID, isInterviewer) = try row.decode((Int64, Int64, String, Int64?, Bool).self)
        self.init(id: id, recordingID: recordingID, label: label, participantID: participantID, isInterviewer: isInterviewer)
    }
}

extension TranscriptEdit: PostgresRecord {
    static let columns = "id, transcriptID, editorID, kind, position, before, after, createdAt"
    init(row: PostgresRow) throws {
        let (id, transcriptID, editorID, kind, position, before, after, createdAt) = try row.decode(
            (Int64, Int64, Int64?, String, Int?, String, String, Date).self)
        self.init(
            id: id, transcriptID: transcriptID, editorID: editorID, kind: kind, position: position, before: before,
            after: after, createdAt: createdAt)
    }
}
