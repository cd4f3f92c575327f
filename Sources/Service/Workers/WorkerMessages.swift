import Foundation
import HTTPTypes
import Store

/// The bodies of the worker API (`/worker/jobs/...`), shared by ``WorkerRoutes`` and ``RemoteJobSource``.
public enum WorkerMessages {
    /// `POST /worker/jobs/claim`.
    struct Claim: Codable, Sendable {
        /// The worker's name (host and process); the server prefixes it with the token's identity.
        var worker: String
        /// The kinds the worker runs (`transcribe` when absent).
        var kinds: [String]?
        /// Lease in seconds.
        var lease: Double
    }

    /// A claimed job and the signed link to its media.
    struct Claimed: Codable, Sendable {
        var job: Job
        var media: MediaLink?
    }

    /// A signed, expiring link (a path on the server) to a claimed job's media; it honours `Range`.
    struct MediaLink: Codable, Sendable {
        var url: String
        var expiresAt: Date
    }

    /// `POST /worker/jobs/{id}/renew`.
    struct Renew: Codable, Sendable {
        var worker: String
        var lease: Double
        var progress: Double
    }

    /// The answer to a renewal.
    struct Renewed: Codable, Sendable {
        var jobID: Int64
        var leaseExpiresAt: Date
    }

    /// `POST /worker/jobs/{id}/complete`.
    struct Complete: Codable, Sendable {
        var worker: String
        var transcript: Transcript
    }

    /// The answer to a completion.
    struct Completed: Codable, Sendable {
        var jobID: Int64
        var transcriptID: Int64
    }

    /// `POST /worker/jobs/{id}/fail`.
    struct Fail: Codable, Sendable {
        var worker: String
        var error: String
        var retryable: Bool
        /// The worker stops and gives the job back: queued again at once, not after a backoff.
        var handBack: Bool?
    }

    /// The answer to a failure.
    struct Failed: Codable, Sendable {
        var jobID: Int64
        var state: JobState
    }

    /// A transcript as a worker sends it (a ``Store/TranscriptInput`` on the wire).
    struct Transcript: Codable, Sendable {
        var engine: String
        var model: String
        var language: String
        var segments: [Segment]

        init(_ input: TranscriptInput) {
            engine = input.engine
            model = input.model
            language = input.language
            segments = input.segments.map {
                Segment(
                    start: $0.start, end: $0.end, speakerLabel: $0.speakerLabel, text: $0.text, confidence: $0.confidence,
                    words: $0.words.map { Word(start: $0.start, end: $0.end, text: $0.text, probability: $0.probability) }, flags: $0.flags)
            }
        }
    }

    /// One segment of a ``Transcript``.
    struct Segment: Codable, Sendable {
        var start: Double
        var end: Double
        var speakerLabel: String?
        var text: String
        var confidence: Double?
        var words: [Word]
        var flags: [String]
    }

    /// One word of a ``Segment``.
    struct Word: Codable, Sendable {
        var start: Double
        var end: Double
        var text: String
        var probability: Double?
    }
}

extension WorkerMessages.Transcript {
    /// The transcript to store: a machine draft (no author); `422 invalid_transcript` naming the
    /// first segment whose times or text cannot be stored.
    func input() throws -> TranscriptInput {
        func refuse(_ english: String, _ french: String) -> APIError {
            APIError(.unprocessableContent, code: "invalid_transcript", english, fr: french)
        }
        guard (1...64).contains(engine.count), model.count <= 200, (1...16).contains(language.count) else {
            throw refuse(
                "The transcript's engine (1-64 characters), model (200 at most) or language (1-16) is out of bounds.",
                "Le moteur (1 à 64 caractères), le modèle (200 au plus) ou la langue (1 à 16) de la transcription sont hors limites.")
        }
        for (index, segment) in segments.enumerated() {
            let times = [segment.start, segment.end] + segment.words.flatMap { [$0.start, $0.end] }
            guard times.allSatisfy({ $0.isFinite && $0 >= 0 }), segment.start <= segment.end,
                segment.words.allSatisfy({ $0.start <= $0.end })
            else {
                throw refuse(
                    "Segment \(index) has times that are negative, not numbers, or end before they start.",
                    "Le segment \(index) a des temps négatifs, non numériques, ou qui finissent avant de commencer.")
            }
            guard !segment.text.contains(where: \.isNewline), segment.flags.count <= 32 else {
                throw refuse(
                    "Segment \(index) has a line break in its text or more than 32 flags.",
                    "Le segment \(index) a un saut de ligne dans son texte ou plus de 32 signalements.")
            }
        }
        return TranscriptInput(
            engine: engine, model: model, language: language, status: .draft, createdBy: nil,
            segments: segments.map {
                SegmentInput(
                    start: $0.start, end: $0.end, speakerLabel: $0.speakerLabel, text: $0.text, confidence: $0.confidence,
                    words: $0.words.map { WordInput(start: $0.start, end: $0.end, text: $0.text, probability: $0.probability) },
                    flags: $0.flags)
            })
    }
}
