import Foundation

extension Store {
    /// Inter-coder agreement on a transcript version, per code of the study and overall.
    ///
    /// - Parameters:
    ///   - coderIDs: the coders to compare; `nil` means every user with a coding on this version.
    ///   - unit: segments or characters.
    /// - Throws: ``StoreError`` `.notFound` for an unknown transcript, `.invalidInput` with fewer than two coders.
    public func codingAgreement(transcriptID: Int64, coderIDs: [Int64]? = nil, unit: AgreementUnit) async throws
        -> CodingAgreement
    {
        guard let transcript = try await transcript(id: transcriptID) else {
            throw StoreError.notFound("transcript", transcriptID)
        }
        guard let recording = try await recording(id: transcript.recordingID) else {
            throw StoreError.notFound("recording", transcript.recordingID)
        }
        let codings = try await codings(transcriptID: transcriptID).filter { !$0.isConsensus }
        let coders = coderIDs ?? Array(Set(codings.map(\.coderID))).sorted()
        guard coders.count >= 2 else {
            throw StoreError(
                .invalidInput, "Agreement needs at least two coders; transcript \(transcriptID) has codings by \(coders.count).",
                fr: "L’accord demande au moins deux codeurs ; la transcription \(transcriptID) a des codages de \(coders.count).")
        }
        let segments = try await segments(transcriptID: transcriptID).map { $0.charStart..<$0.charEnd }
        let codes = try await codes(studyID: recording.studyID).compactMap(\.id)
        return CodingAgreement(
            textLength: transcript.text.unicodeScalars.count, segments: segments,
            codings: codings.filter { coders.contains($0.coderID) }, coderIDs: coders, codeIDs: codes, unit: unit)
    }
}

extension Store {
    /// The units of a transcript version on which its coders differ (see ``CodingDisagreement``),
    /// with the consensus decided so far.
    ///
    /// - Parameter coderIDs: the coders to compare; `nil` means every user with a coding of their own on this version.
    /// - Throws: ``StoreError`` `.notFound` for an unknown transcript.
    public func codingDisagreements(transcriptID: Int64, coderIDs: [Int64]? = nil) async throws -> [CodingDisagreement] {
        guard try await transcript(id: transcriptID) != nil else { throw StoreError.notFound("transcript", transcriptID) }
        let codings = try await codings(transcriptID: transcriptID)
        let own = codings.filter { !$0.isConsensus }
        let coders = coderIDs ?? Array(Set(own.map(\.coderID))).sorted()
        return CodingDisagreement.list(
            segments: try await segments(transcriptID: transcriptID), codings: own, coderIDs: coders,
            consensus: codings.filter(\.isConsensus), decisions: try await consensusDecisions(transcriptID: transcriptID))
    }
}
