import Foundation
import PostgresNIO
import Store

extension Code: PostgresRecord {
    static let columns = "id, studyID, parentID, name, color, details, createdAt"
    init(row: PostgresRow) throws {
        let (id, studyID, parentID, name, color, details, createdAt) = try row.decode(
            (Int64, Int64, Int64?, String, String, String, Date).self)
        self.init(id: id, studyID: studyID, parentID: parentID, name: name, color: color, details: details, createdAt: createdAt)
    }
}

extension Coding: PostgresRecord {
    static let columns =
        "id, transcriptID, codeID, coderID, charStart, charEnd, startTime, endTime, createdAt, isConsensus, decidedBy"
    init(row: PostgresRow) throws {
        let (id, transcriptID, codeID, coderID, charStart, charEnd, startTime, endTime, createdAt, isConsensus, decidedBy) =
            try row.decode((Int64, Int64, Int64, Int64, Int, Int, Double, Double, Date, Bool, Int64?).self)
        self.init(
            id: id, transcriptID: transcriptID, codeID: codeID, coderID: coderID, charStart: charStart, charEnd: charEnd,
            startTime: startTime, endTime: endTime, createdAt: createdAt, isConsensus: isConsensus, decidedBy: decidedBy)
    }
}

extension Memo: PostgresRecord {
    static let columns =
        "id, studyID, authorID, title, text, participantID, recordingID, transcriptID, codeID, codingID, createdAt"
    init(row: PostgresRow) throws {
        let (id, studyID, authorID, title, text, participantID, recordingID, transcriptID, codeID, codingID, createdAt) =
            try row.decode((Int64, Int64, Int64?, String, String, Int64?, Int64?, Int64?, Int64?, Int64?, Date).self)
        self.init(
            id: id, studyID: studyID, authorID: authorID, title: title, text: text, participantID: participantID,
            recordingID: recordingID, transcriptID: transcriptID, codeID: codeID, codingID: codingID, createdAt: createdAt)
    }
}

extension CodingCompletion: PostgresRecord {
    static let columns = "transcriptID, coderID, doneAt"
    init(row: PostgresRow) throws {
        let (transcriptID, coderID, doneAt) = try row.decode((Int64, Int64, Date).self)
        self.init(transcriptID: transcriptID, coderID: coderID, doneAt: doneAt)
    }
}

extension ConsensusRecord: PostgresRecord {
    static let columns = "transcriptID, unitIndex, decidedBy, decidedAt"
    init(row: PostgresRow) throws {
        let (transcriptID, unitIndex, decidedBy, decidedAt) = try row.decode((Int64, Int, Int64?, Date).self)
        self.init(transcriptID: transcriptID, unitIndex: unitIndex, decidedBy: decidedBy, decidedAt: decidedAt)
    }
}
