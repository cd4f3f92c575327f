import Foundation
import HTTPTypes
import Transcribe

/// The payload of a `transcribe` job: which recording, with which model and hints.
public struct TranscriptionRequest: JobPayload, Hashable {
    /// The job kind workers claim.
    public static let kind = "transcribe"
    /// The language codes Whisper's multilingual vocabulary has a token for (lower case, as its `<|xx|>` tokens).
    public static let languages: Set<String> = [
        "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi",
        "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk",
        "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
        "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
        "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su",
    ]

    /// The recording to transcribe.
    public var recordingID: Int64
    /// Model folder name under the models folder (default `whisper-base`, the multilingual model);
    /// ``validate(models:)`` turns a short name (`base`, `tiny.en`) into it.
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

    /// Checks the options against the installed models, and names the model by its folder
    /// (`base` → `whisper-base`); the message says which value is wrong and what is allowed.
    public mutating func validate(models: ModelFolder) throws(APIError) {
        guard let folder = models.installedWhisperModel(named: model) else {
            let installed = models.whisperModels
            throw APIError(
                .unprocessableContent, code: "unknown_model",
                "Unknown model `\(model.prefix(64))`; "
                    + (installed.isEmpty
                        ? "no Whisper model is installed on the server (run models/fetch there)."
                        : "use one of \(installed.joined(separator: ", ")) (installed on the server)."),
                fr: "Modèle `\(model.prefix(64))` inconnu ; "
                    + (installed.isEmpty
                        ? "aucun modèle Whisper n’est installé sur le serveur (lancez-y models/fetch)."
                        : "utilisez l’un de \(installed.joined(separator: ", ")) (installés sur le serveur)."))
        }
        model = folder
        if let language {
            guard Self.languages.contains(language) else {
                throw APIError(
                    .unprocessableContent, code: "invalid_language",
                    "`\(language.prefix(16))` is not a language Whisper knows; use a lower-case code such as `fr` or `en`, "
                        + "or leave `language` out to detect it.", fr: "`\(language.prefix(16))` n’est pas une langue que Whisper connaît ; utilisez un code en minuscules comme `fr` ou `en`, ou omettez `language` pour la détecter.")
            }
            let languages = try Self.languages(of: models.url.appendingPathComponent(folder, isDirectory: true))
            guard languages.contains(language) else {
                let others = models.whisperModels.filter { $0 != folder && !$0.hasSuffix(".en") }
                throw APIError(
                    .unprocessableContent, code: "invalid_language",
                    (languages == ["en"]
                        ? "The model `\(folder)` only transcribes English; "
                        : "The model `\(folder)` does not know `\(language)`; ")
                        + (others.isEmpty ? "install a multilingual model for `\(language)`." : "use `\(others[0])` for `\(language)`."),
                    fr: (languages == ["en"]
                        ? "Le modèle `\(folder)` ne transcrit que l’anglais ; "
                        : "Le modèle `\(folder)` ne connaît pas `\(language)` ; ")
                        + (others.isEmpty
                            ? "installez un modèle multilingue pour `\(language)`." : "utilisez `\(others[0])` pour `\(language)`."))
            }
        }
        if let speakers, !(1...20).contains(speakers) {
            throw APIError(
                .unprocessableContent, code: "invalid_speakers", "`speakers` must be between 1 and 20, or left out to estimate it.", fr: "`speakers` doit être entre 1 et 20, ou absent pour l’estimer.")
        }
        if let prompt, prompt.count > 1000 {
            throw APIError(.unprocessableContent, code: "invalid_prompt", "The prompt is limited to 1000 characters.", fr: "Le contexte est limité à 1000 caractères.")
        }
    }

    /// The language codes the installed model in `directory` transcribes, from its vocabulary.
    private static func languages(of directory: URL) throws(APIError) -> [String] {
        do {
            return try ModelSummary(directory: directory).languages
        } catch {
            throw APIError(
                .unprocessableContent, code: "unknown_model",
                "The model `\(directory.lastPathComponent)` on the server cannot be read: \(error)", fr: "Le modèle `\(directory.lastPathComponent)` du serveur est illisible : \(error)")
        }
    }
}
