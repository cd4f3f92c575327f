import Foundation

/// The recording and participant a job's JSON payload names (`recordingID`, `participantID` at its
/// top level, as numbers), as SQLite's `json_extract` reads them: what an erasure deletes jobs by.
public struct JobPayloadNames: Sendable, Hashable {
    /// The recording named, if any.
    public var recordingID: Int64?
    /// The participant named (a wearable import), if any.
    public var participantID: Int64?

    /// The names in `payload`; none for a payload that is not a JSON object.
    public init(payload: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
        func integer(_ key: String) -> Int64? {
            guard let number = object?[key] as? NSNumber, number.doubleValue == Double(number.int64Value) else { return nil }
            return number.int64Value
        }
        recordingID = integer("recordingID")
        participantID = integer("participantID")
    }
}
