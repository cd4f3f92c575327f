import Foundation
import HTTPTypes
import Pseudonymisation
import Store
import Synchronization

/// The identifier detector, loaded from `models/gazetteer` on first use and kept; a missing
/// gazetteer is a 503 that says to run models/fetch, tried again on the next request.
final class IdentifierDetectorCache: Sendable {
    private let folder: URL
    private let loaded = Mutex<IdentifierDetector?>(nil)

    init(folder: URL) {
        self.folder = folder
    }

    func detector() async throws -> IdentifierDetector {
        if let detector = loaded.withLock({ $0 }) { return detector }
        let folder = folder
        let result = try await BlockingWork.run { () -> Result<IdentifierDetector, GazetteerError> in
            Result { () throws(GazetteerError) in IdentifierDetector(gazetteer: try Gazetteer.load(from: folder)) }
        }
        switch result {
        case .success(let detector):
            loaded.withLock { $0 = detector }
            return detector
        case .failure(let error):
            throw APIError(.serviceUnavailable, code: "gazetteer_missing", error.message, fr: error.french)
        }
    }
}

/// The spans of transcript versions as a pseudonymised output needs them: versions never
/// proposed are proposed first, and any span still waiting for a decision stops the output.
struct RedactionReview {
    let backend: ServiceBackend

    /// The store's pseudonymisation area (both stores have it).
    func store() -> any RedactionStore { backend.store }

    /// Runs the detector on `transcript` of study `studyID` and stores its proposals; returns every
    /// span of the version. The names the identity vault holds for the study's participants are
    /// looked for too, when the service has the master key (an audited use, on behalf of `user`).
    func propose(_ transcript: Transcript, studyID: Int64, for user: AuthenticatedUser?) async throws -> (proposed: Int, spans: [Redaction]) {
        let detector = try await backend.identifiers.detector()
        let knownNames = try await backend.vaultNames(studyID: studyID, transcriptID: transcript.id!, for: user)
        let text = transcript.text
        let proposals = try await BlockingWork.run { detector.proposals(in: text, knownNames: knownNames) }
        return (proposals.count, try await store().addRedactionProposals(transcriptID: transcript.id!, proposals))
    }

    /// The decided spans of each version of `transcripts` (of study `studyID`), by version; versions
    /// with no span yet are proposed first. Throws 409 when spans wait for a decision, saying how many and where
    /// (`forCoders`: to a coder of a study pseudonymised for coders, who waits for the review).
    func decidedSpans(
        of transcripts: [Transcript], studyID: Int64, for user: AuthenticatedUser?, forCoders: Bool = false
    ) async throws -> [Int64: [Redaction]] {
        var spans: [Int64: [Redaction]] = [:]
        var waiting: [(Int64, Int)] = []
        for transcript in transcripts {
            guard let id = transcript.id else { continue }
            var stored = try await store().redactions(transcriptID: id)
            if stored.isEmpty { stored = try await propose(transcript, studyID: studyID, for: user).spans }
            let pending = stored.filter { $0.state == .proposed }.count
            if pending > 0 { waiting.append((id, pending)) }
            spans[id] = stored
        }
        guard waiting.isEmpty else {
            if forCoders {
                throw APIError(
                    .conflict, code: "pseudonymisation_pending",
                    "This transcript's pseudonymisation review is not finished; coders of this study read it once a researcher has decided every proposed span.",
                    fr: "La relecture de la pseudonymisation de cette transcription n’est pas terminée ; les codeurs de cette étude la lisent quand un chercheur a tranché chaque passage proposé.")
            }
            let list = waiting.map { "\($0.1) in transcript \($0.0)" }.joined(separator: ", ")
            let liste = waiting.map { "\($0.1) dans la transcription \($0.0)" }.joined(separator: ", ")
            throw APIError(
                .conflict, code: "pseudonymisation_pending",
                "Identifying spans wait for a decision (\(list)); review them before a pseudonymised export.",
                fr: "Des passages identifiants attendent une décision (\(liste)) ; relisez-les avant un export pseudonymisé.")
        }
        return spans
    }
}
