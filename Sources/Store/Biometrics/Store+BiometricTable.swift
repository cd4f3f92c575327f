import Biometrics
import Foundation

extension Store {
    /// Seconds of stream read on each side of the recording, so that filters, running medians and
    /// pulse detection see some signal beyond the first and last units.
    static var biometricMargin: Double { 30 }

    /// Heart rate, HRV, EDA and activity of each participant linked to the transcript's recording,
    /// per speaker turn, segment or coding.
    ///
    /// Times are mapped through ``recordingClock(_:)``. For each participant and kind the stream
    /// with the most samples over the recording (± 30 s) is used, and only that part of it is read.
    /// Features come from the Biometrics module: heart rate from a heart-rate stream, else 60 / beat
    /// interval; beats from a beat-interval stream, else from BVP with ``PulseDetector``; RMSSD with
    /// ``Alignment/heartRateVariability(_:intervals:clock:)``; SCRs from ``ElectrodermalActivity``
    /// over the part read; activity as ENMO in 1 s epochs (``ActivityCounts``); statistics and
    /// coverage with ``Alignment/statistics(streams:intervals:clock:)`` (samples in `[start, end)`).
    ///
    /// - Throws: ``StoreError`` `.notFound` for an unknown transcript, `.invalidInput` when the
    ///   recording has no wall-clock start.
    public func biometricTable(transcriptID: Int64, by unit: BiometricTableUnit) async throws -> BiometricTable {
        guard let transcript = try await transcript(id: transcriptID) else { throw StoreError.notFound("transcript", transcriptID) }
        guard let recording = try await recording(id: transcript.recordingID) else {
            throw StoreError.notFound("recording", transcript.recordingID)
        }
        let segments = try await segments(transcriptID: transcriptID).sorted { $0.position < $1.position }
        let speakers = Dictionary(
            uniqueKeysWithValues: try await speakers(recordingID: recording.id!).compactMap { s in s.id.map { ($0, s) } })
        let units = try await timelineUnits(
            unit, transcriptID: transcriptID, studyID: recording.studyID, segments: segments, speakers: speakers)
        let end = max(recording.duration ?? 0, segments.map(\.end).max() ?? 0)
        let wearables = try await RecordingWearables.load(self, recording: recording, start: 0, end: end, margin: Self.biometricMargin)
        var rows: [BiometricTableRow] = []
        let intervals = units.map { TimelineInterval(start: $0.start, end: $0.end, label: $0.speaker) }
        let measures = wearables.wearers.map { BiometricTableMeasures(wearer: $0, intervals: intervals, clock: wearables.clock) }
        for (u, timelineUnit) in units.enumerated() {
            for (w, wearer) in wearables.wearers.enumerated() {
                var row = BiometricTableRow(
                    unit: unit, index: timelineUnit.index, speaker: timelineUnit.speaker, code: timelineUnit.code,
                    start: timelineUnit.start, end: timelineUnit.end, participant: wearer.participant.pseudonym,
                    participantSpeaking: timelineUnit.participantIDs.contains(wearer.participant.id!))
                measures[w].fill(&row, at: u)
                rows.append(row)
            }
        }
        return BiometricTable(
            transcriptID: transcriptID, recordingID: recording.id!, unit: unit, wallClockStart: wearables.clock.wallClockStart,
            offset: wearables.clock.offset, rows: rows)
    }

    /// The transcript's turns, segments or codings as spans of the timeline.
    func timelineUnits(
        _ unit: BiometricTableUnit, transcriptID: Int64, studyID: Int64, segments: [Segment], speakers: [Int64: Speaker]
    ) async throws -> [TimelineUnit] {
        func label(_ id: Int64?) -> String { id.flatMap { speakers[$0]?.label } ?? "" }
        func participants(_ ids: [Int64?]) -> Set<Int64> { Set(ids.compactMap { $0.flatMap { speakers[$0]?.participantID } }) }
        switch unit {
        case .segment:
            return segments.enumerated().map { index, segment in
                TimelineUnit(
                    index: index, start: segment.start, end: segment.end, speaker: label(segment.speakerID), code: nil,
                    participantIDs: participants([segment.speakerID]))
            }
        case .turn:
            var turns: [TimelineUnit] = []
            var current: [Segment] = []
            func close() {
                guard let first = current.first, let last = current.last else { return }
                turns.append(
                    TimelineUnit(
                        index: turns.count, start: first.start, end: last.end, speaker: label(first.speakerID), code: nil,
                        participantIDs: participants([first.speakerID])))
                current = []
            }
            for segment in segments {
                if let first = current.first, first.speakerID != segment.speakerID { close() }
                current.append(segment)
            }
            close()
            return turns
        case .coding:
            let codes = Dictionary(uniqueKeysWithValues: try await codes(studyID: studyID).compactMap { c in c.id.map { ($0, c.name) } })
            let codings = try await codings(transcriptID: transcriptID).sorted {
                ($0.startTime, $0.charStart, $0.id ?? 0) < ($1.startTime, $1.charStart, $1.id ?? 0)
            }
            return codings.enumerated().map { index, coding in
                let covered = segments.filter { $0.charStart < coding.charEnd && coding.charStart < $0.charEnd }
                var labels: [String] = []
                for segment in covered where !labels.contains(label(segment.speakerID)) { labels.append(label(segment.speakerID)) }
                return TimelineUnit(
                    index: index, start: coding.startTime, end: coding.endTime, speaker: labels.joined(separator: " + "),
                    code: codes[coding.codeID] ?? "", participantIDs: participants(covered.map(\.speakerID)))
            }
        }
    }
}

/// A turn, segment or coded span of a transcript.
struct TimelineUnit: Sendable {
    var index: Int
    var start: Double
    var end: Double
    var speaker: String
    var code: String?
    /// The participants identified on the unit's speakers.
    var participantIDs: Set<Int64>
}
