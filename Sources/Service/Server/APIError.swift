import Foundation
import HTTPTypes
import Hummingbird
import Store

/// An error answered to an API client as JSON: `{"error": {"code": "...", "message": "..."}}`.
///
/// `code` is stable (clients branch on it); `message` is for people and says what to do.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code such as `unauthenticated` or `duplicate_recording`.
    public var code: String
    /// What went wrong and what the client can do, in English.
    public var message: String
    /// The same in French, answered when the request's `Accept-Language` prefers French.
    public var french: String?

    /// Creates an error; `fr` is the message in French.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String, fr: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.french = fr
    }

    /// The message in `language` (English when no French was given).
    public func message(in language: UserLanguage) -> String {
        language == .fr ? (french ?? message) : message
    }

    /// `status code: message`, for logs.
    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body of every error response.
    struct Body: Codable {
        struct Detail: Codable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// Renders the error as a JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let language = UserLanguage(acceptLanguage: request.headers[.acceptLanguage])
        let data = try encoder.encode(Body(error: .init(code: code, message: message(in: language))))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"verbatim\"" }
        if code == "session_ended" { headers[.setCookie] = SessionRegistry.cookie("", secure: false, expired: true).description }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    /// No or unknown credential.
    static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated",
        "Sign in (POST /sessions), or send `Authorization: Bearer <token>` with a valid API token; an administrator creates one with `verbatim admin create-user`.",
        fr: "Connectez-vous (POST /sessions), ou envoyez `Authorization: Bearer <jeton>` avec un jeton d’API valide ; un administrateur en crée un avec `verbatim admin create-user`."
    )

    /// The user's role does not allow the action.
    static func forbidden(_ what: String) -> APIError {
        APIError(
            .forbidden, code: "forbidden", "Your role does not allow you to \(what); ask a study administrator for the needed role.",
            fr: "Votre rôle ne vous permet pas de \(FrenchTerms.action(what)) ; demandez le rôle nécessaire à un administrateur de l’étude.")
    }

    /// The object does not exist (or is not visible to the caller).
    static func notFound(_ what: String, _ id: Int64) -> APIError {
        APIError(
            .notFound, code: "not_found", "\(what) \(id) does not exist; check the identifier.",
            fr: "\(FrenchTerms.capitalizedObject(what)) \(id) n’existe pas ; vérifiez l’identifiant.")
    }

    /// The request is malformed.
    static func badRequest(_ message: String, fr: String? = nil) -> APIError {
        APIError(.badRequest, code: "bad_request", message, fr: fr)
    }
}
