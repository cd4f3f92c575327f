import Foundation
import HTTPTypes
import Store

/// What a coder of a study with ``Study/pseudonymisedForCoders`` reads: the pseudonymised text
/// only, in pseudonymised offsets, and nothing of a version whose pseudonymisation review waits.
/// Every route that gives such a coder transcript text or offsets goes through here.
struct CoderPseudonyms {
    let backend: ServiceBackend

    /// Whether `role` in the study sees only pseudonymised text.
    func restricts(studyID: Int64, role: StudyRole) async throws -> Bool {
        guard role == .coder else { return false }
        return try await backend.store.study(id: studyID)?.pseudonymisedForCoders == true
    }

    /// The offset map of `transcript`; `409 pseudonymisation_pending` while spans wait for a decision.
    /// Spans proposed on the way look for the identity vault's names as the service (no user).
    func map(of transcript: Transcript) async throws -> PseudonymOffsetMap {
        guard let studyID = try await backend.store.recording(id: transcript.recordingID)?.studyID else {
            throw APIError.notFound("Recording", transcript.recordingID)
        }
        let spans = try await RedactionReview(backend: backend).decidedSpans(
            of: [transcript], studyID: studyID, for: nil, forCoders: true)
        return PseudonymOffsetMap(spans[transcript.id ?? 0] ?? [])
    }

    /// The offset map of `transcript` when the caller is restricted, else `nil` (they read the original).
    func map(of transcript: Transcript, studyID: Int64, role: StudyRole) async throws -> PseudonymOffsetMap? {
        guard try await restricts(studyID: studyID, role: role) else { return nil }
        return try await map(of: transcript)
    }

    /// The original span of `start..<end`, offsets of `transcript`'s pseudonymised text (`map`'s);
    /// `422 invalid_span` when they are not a span of that text.
    static func originalSpan(_ start: Int, _ end: Int, of transcript: Transcript, map: PseudonymOffsetMap) throws -> (Int, Int) {
        let length = map.apply(to: Array(transcript.text.unicodeScalars)).count
        guard 0 <= start, start < end, end <= length else {
            throw APIError(
                .unprocessableContent, code: "invalid_span",
                "The span \(start)..<\(end) is not within the pseudonymised transcript's \(length) characters.",
                fr: "Le passage \(start)..<\(end) n’est pas dans les \(length) caractères de la transcription pseudonymisée.")
        }
        return (map.original(start, inside: .start), map.original(end, inside: .end))
    }

    /// The offset map of each version whose review is finished (those still waiting are left out).
    func maps(of transcriptIDs: Set<Int64>) async throws -> [Int64: PseudonymOffsetMap] {
        var maps: [Int64: PseudonymOffsetMap] = [:]
        for id in transcriptIDs {
            guard let transcript = try await backend.store.transcript(id: id) else { continue }
            do {
                maps[id] = try await map(of: transcript)
            } catch let error as APIError where error.status == .conflict {
                continue
            }
        }
        return maps
    }

    /// Coded segments as a restricted coder reads them: in pseudonymised text and offsets; those
    /// of versions whose review waits are left out.
    func codedSegments(_ segments: [CodedSegment]) async throws -> [CodedSegment] {
        let maps = try await maps(of: Set(segments.map(\.transcriptID)))
        var texts: [Int64: [Unicode.Scalar]] = [:]
        var shown: [CodedSegment] = []
        for var segment in segments {
            guard let map = maps[segment.transcriptID] else { continue }
            if texts[segment.transcriptID] == nil {
                let original = try await backend.store.transcript(id: segment.transcriptID)?.text ?? ""
                texts[segment.transcriptID] = map.apply(to: Array(original.unicodeScalars))
            }
            let text = texts[segment.transcriptID] ?? []
            segment.charStart = map.pseudonymised(segment.charStart, inside: .start)
            segment.charEnd = map.pseudonymised(segment.charEnd, inside: .end)
            let lower = min(max(0, segment.charStart), text.count), upper = min(max(lower, segment.charEnd), text.count)
            segment.text = String(String.UnicodeScalarView(text[lower..<upper]))
            shown.append(segment)
        }
        return shown
    }

    /// A disagreement unit (original offsets) in the pseudonymised text `text`.
    static func disagreement(_ unit: CodingDisagreement, map: PseudonymOffsetMap, text: [Unicode.Scalar]) -> CodingDisagreement {
        var unit = unit
        unit.charStart = map.pseudonymised(unit.charStart, inside: .start)
        unit.charEnd = map.pseudonymised(unit.charEnd, inside: .end)
        let lower = min(max(0, unit.charStart), text.count), upper = min(max(lower, unit.charEnd), text.count)
        unit.text = String(String.UnicodeScalarView(text[lower..<upper]))
        return unit
    }

    /// The refusal of a route that would show a restricted coder original words.
    static func refusal(_ what: String, fr: String) -> APIError {
        APIError(
            .forbidden, code: "pseudonymised_for_coders",
            "In this study coders read only pseudonymised transcripts; \(what) is for its administrators and researchers.",
            fr: "Dans cette étude, les codeurs ne lisent que des transcriptions pseudonymisées ; \(fr) est réservé à ses administrateurs et chercheurs.")
    }
}
