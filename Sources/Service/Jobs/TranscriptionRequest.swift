import Foundation
import HTTPTypes

/// The payload of a `transcribe` job: which recording, with which model and hints.
public struct TranscriptionRequest: Codable, Sendable, Hashable {
    /// The job kind workers claim.
    public static let kind = "transcribe"
    /// Models that `models/fetch` installs.
    public static let knownModels = ["whisper-base", "whisper-tiny.en"]

    /// The recording to transcribe.
    public var recordingID: Int64
    /// Model directory name under `models/` (default `whisper-base`, the multilingual model).
    public var model: String
    /// BCP-47 language code, or `nil` to detect it.
    public var language: String?
    /// Expected number of speakers, or `nil` to estimate it.
    public var speakers: Int?
    /// Text that primes the decoder (names, jargon), or `nil`.
    public var prompt: String?

    /// Creates a request.
    public init(recordingID: Int64, model: String = "whisper-base", language: String? = nil, speakers: Int? = nil, prompt: String? = nil) {
        self.recordingID = recordingID
        self.model = model
        self.language = language
        self.speakers = speakers
        self.prompt = prompt
    }

    /// Checks the options; the message says which value is wrong and what is allowed.
    public func validate() throws(APIError) {
        guard Self.knownModels.contains(model) else {
            throw APIError(
                .unprocessableContent, code: "unknown_model",
                "Unknown model `\(model)`; use one of \(Self.knownModels.joined(separator: ", ")).")
        }
        if let language {
            guard (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw APIError(
                    .unprocessableContent, code: "invalid_language",
                    "`\(language)` is not a language code; use a code such as `fr` or `en`.")
            }
            if model.hasSuffix(".en"), language != "en" {
                throw APIError(
                    .unprocessableContent, code: "invalid_language",
                    "The model `\(model)` only transcribes English; use `whisper-base` for `\(language)`.")
            }
        }
        if let speakers, !(1...20).contains(speakers) {
            throw APIError(
                .unprocessableContent, code: "invalid_speakers", "`speakers` must be between 1 and 20, or left out to estimate it.")
        }
        if let prompt, prompt.count > 1000 {
            throw APIError(.unprocessableContent, code: "invalid_prompt", "The prompt is limited to 1000 characters.")
        }
    }

    /// The JSON payload stored in the job.
    public func payload() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Decodes a job's payload.
    public static func decode(payload: String) throws -> TranscriptionRequest {
        try JSONDecoder().decode(TranscriptionRequest.self, from: Data(payload.utf8))
    }
}
