import Biometrics
import Foundation

extension Store {
    /// Sets the recording's offset from a sync marker: the stored marker (an E4 tag press, an
    /// annotation) happened `secondsIntoRecording` after the media started, so
    /// `offset = marker time − wall-clock start − secondsIntoRecording`. The wall-clock start is
    /// the user-set one, else the media's creation time.
    ///
    /// - Throws: ``StoreError`` `.notFound` for an unknown recording or marker; `.invalidInput` for a
    ///   marker of a participant not linked to the recording, or a recording without a wall-clock start.
    @discardableResult
    public func syncRecording(_ recordingID: Int64, markerID: Int64, secondsIntoRecording: Double) async throws -> RecordingSync {
        guard let recording = try await recording(id: recordingID) else { throw StoreError.notFound("recording", recordingID) }
        guard let marker = try await biometricMarker(id: markerID) else { throw StoreError.notFound("marker", markerID) }
        guard secondsIntoRecording.isFinite else {
            throw StoreError(.invalidInput, "The marker's position in the recording must be a number of seconds.", fr: "La position du marqueur dans l’enregistrement doit être un nombre de secondes.")
        }
        let linked = try await recordingParticipants(recordingID: recordingID).map(\.participantID)
        guard linked.contains(marker.participantID) else {
            throw StoreError(
                .invalidInput,
                "Marker \(markerID) belongs to participant \(marker.participantID), who is not linked to recording \(recordingID); "
                    + "link the participant first or choose one of their markers.", fr: "Le marqueur \(markerID) appartient au participant \(marker.participantID), qui n’est pas lié à l’enregistrement \(recordingID) ; liez d’abord le participant ou choisissez un de ses marqueurs.")
        }
        let clock = try await recordingClock(recording)
        var sync = try await recordingSync(recordingID: recordingID) ?? RecordingSync(recordingID: recordingID)
        sync.offset =
            RecordingClock(wallClockStart: clock.wallClockStart, syncMarker: marker.time, secondsIntoRecording: secondsIntoRecording)
            .offset
        sync.syncMarkerID = markerID
        sync.markerPosition = secondsIntoRecording
        return try await setRecordingSync(sync)
    }
}
