import Foundation

/// A Whisper model directory that cannot be used: missing, unreadable, damaged or of the wrong kind.
///
/// The message names the file and says what the user can do (usually: run `models/fetch` again).
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The file does not exist or cannot be read.
        case unreadable(String)
        /// The file ends before the structure it announces is complete.
        case truncated(offset: Int, needed: Int)
        /// The binary version is not one this reader understands (CTranslate2 writes 6).
        case unsupportedVersion(UInt32)
        /// The spec is not `WhisperSpec` (another kind of CTranslate2 model).
        case wrongSpec(String)
        /// A string in the file is not valid UTF-8 or has no terminating NUL.
        case badString(offset: Int)
        /// A variable's dtype code is unknown or its byte count does not match its shape.
        case badVariable(name: String, detail: String)
        /// A variable the Whisper architecture needs is absent or has an unexpected shape.
        case missingVariable(String)
        /// `config.json` or the vocabulary or `tokenizer.json` is malformed.
        case badMetadata(String)
        /// The checkpoint is readable but uses something the engine cannot run (named).
        case unsupported(String)
    }

    /// The file concerned.
    public var url: URL
    /// What went wrong.
    public var reason: Reason

    /// Creates an error about `url`.
    public init(url: URL, reason: Reason) {
        self.url = url
        self.reason = reason
    }

    /// A sentence for the user, naming the file and the remedy.
    public var description: String {
        let problem: String
        switch reason {
        case .unreadable(let detail): problem = "cannot be read (\(detail))"
        case .truncated(let offset, let needed):
            problem = "is truncated: \(needed) more bytes were expected at offset \(offset)"
        case .unsupportedVersion(let version):
            problem = "has binary version \(version), but only CTranslate2 version 6 is supported"
        case .wrongSpec(let spec): problem = "is a \(spec) model, not a Whisper model (WhisperSpec)"
        case .badString(let offset): problem = "has a malformed string at offset \(offset)"
        case .badVariable(let name, let detail): problem = "has a damaged variable \(name): \(detail)"
        case .missingVariable(let name): problem = "lacks the variable \(name) or has it with the wrong shape"
        case .badMetadata(let detail): problem = "is malformed: \(detail)"
        case .unsupported(let feature):
            return "The Whisper model file \(url.path) uses \(feature), which Verbatim cannot run. "
                + "Convert the model again with `ct2-transformers-converter --quantization int8_float16` "
                + "(or float16), or choose another model."
        }
        return "The Whisper model file \(url.path) \(problem). Reinstall the model with `models/fetch`, or convert it again."
    }
}
