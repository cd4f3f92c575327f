import Foundation

extension StoreInputChecks {
    /// A capture to store: a title and a consent note within limits.
    public static func capture(_ capture: Capture) throws(StoreError) {
        try TextLimits.check(capture.title, limit: TextLimits.title, "capture title")
        try TextLimits.check(capture.consentNote ?? "", limit: 500, "consent note")
    }

    /// `.conflict` unless the capture is still receiving chunks.
    public static func requireRecording(_ capture: Capture) throws(StoreError) {
        guard capture.state == .recording else {
            throw StoreError(
                .conflict, "Capture \(capture.id ?? 0) is \(capture.state.rawValue) and takes no more chunks; start a new recording.",
                fr: "La capture \(capture.id ?? 0) est \(capture.state == .finished ? "terminée" : "abandonnée") et ne prend plus de morceaux ; commencez un nouvel enregistrement.")
        }
    }

    /// The capture with `chunk` appended, or `.conflict`: its index must be the capture's
    /// `chunkCount` and its part the current one or the next.
    public static func appending(_ chunk: CaptureChunk, to capture: Capture, at date: Date) throws(StoreError) -> Capture {
        try requireRecording(capture)
        guard chunk.chunkIndex == capture.chunkCount else {
            throw StoreError(
                .conflict, "Capture \(chunk.captureID) expects chunk \(capture.chunkCount), not \(chunk.chunkIndex); send the chunks in order.",
                fr: "La capture \(chunk.captureID) attend le morceau \(capture.chunkCount), pas \(chunk.chunkIndex) ; envoyez les morceaux dans l’ordre.")
        }
        let current = max(capture.parts - 1, 0)
        guard chunk.part == current || (capture.parts > 0 && chunk.part == current + 1) else {
            throw StoreError(
                .conflict, "Chunk \(chunk.chunkIndex) names part \(chunk.part); capture \(chunk.captureID) is in part \(current), so send \(current) or start \(capture.parts == 0 ? 0 : current + 1).",
                fr: "Le morceau \(chunk.chunkIndex) indique la partie \(chunk.part) ; la capture \(chunk.captureID) en est à la partie \(current), envoyez donc \(current) ou commencez la \(capture.parts == 0 ? 0 : current + 1).")
        }
        var capture = capture
        capture.chunkCount += 1
        capture.byteCount += chunk.byteCount
        capture.parts = max(capture.parts, chunk.part + 1)
        capture.updatedAt = date
        return capture
    }

    /// The refusal to finish a capture into a file the study has already.
    public static func capturedFileExists(studyID: Int64, recordingID: Int64, title: String) -> StoreError {
        StoreError(
            .conflict, "Study \(studyID) has recording \(recordingID) (\"\(title)\") of this file already; use that recording.",
            fr: "L’étude \(studyID) a déjà l’enregistrement \(recordingID) (« \(title) ») de ce fichier ; utilisez-le.")
    }

    /// A live transcription step: `transcribedUntil` moves forward, segments follow each other inside the step.
    public static func liveStep(expectedUntil: Double, segments: [LiveTranscriptSegment], transcribedUntil: Double, partStarts: [Double])
        throws(StoreError)
    {
        guard expectedUntil.isFinite, transcribedUntil.isFinite, transcribedUntil >= expectedUntil, partStarts.allSatisfy(\.isFinite) else {
            throw StoreError(
                .invalidInput, "A live transcription step must move transcribedUntil forward (from \(expectedUntil) to \(transcribedUntil)).",
                fr: "Une étape de transcription en direct doit faire avancer transcribedUntil (de \(expectedUntil) à \(transcribedUntil)).")
        }
        var last = expectedUntil
        for segment in segments {
            guard segment.start >= last, segment.end >= segment.start, segment.end <= transcribedUntil else {
                throw StoreError(
                    .invalidInput,
                    "Live segments must follow each other between \(expectedUntil) and \(transcribedUntil) s without overlapping (\(segment.start)–\(segment.end) s).",
                    fr: "Les segments en direct doivent se suivre entre \(expectedUntil) et \(transcribedUntil) s sans se chevaucher (\(segment.start)–\(segment.end) s).")
            }
            last = segment.end
        }
    }
}
