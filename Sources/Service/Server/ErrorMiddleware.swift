import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Media
import NIOCore
import NIOHTTP1
import Store

/// Turns every error thrown below it into an ``APIError`` JSON response with a stable code,
/// and logs unexpected ones.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain and maps its errors.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.map(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            } else {
                context.logger.debug("request refused", metadata: ["error": "\(apiError)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }

    /// The API error for any thrown error.
    static func map(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error.kind {
            case .notFound: return APIError(.notFound, code: "not_found", error.message, fr: error.french)
            case .invalidInput: return APIError(.unprocessableContent, code: "invalid_input", error.message, fr: error.french)
            case .conflict: return APIError(.conflict, code: "conflict", error.message, fr: error.french)
            case .leaseLost: return APIError(.conflict, code: "lease_lost", error.message, fr: error.french)
            case .database, .file: return APIError(.internalServerError, code: "storage_failure", error.message, fr: error.french)
            }
        case let error as MediaError:
            return APIError(.unprocessableContent, code: "unreadable_media", error.description, fr: error.frenchDescription)
        case let error as HTTPError:
            let code: String
            switch error.status.code {
            case 400: code = "bad_request"
            case 404: code = "not_found"
            case 405: code = "method_not_allowed"
            case 413: code = "too_large"
            default: code = "http_\(error.status.code)"
            }
            if let body = error.body { return APIError(error.status, code: code, body) }
            if error.status == .notFound {
                return APIError(error.status, code: code, "No such endpoint; see /openapi.json.", fr: "Ce point d’accès n’existe pas ; voir /openapi.json.")
            }
            return APIError(error.status, code: code, error.status.reasonPhrase, fr: Self.frenchReason(error.status))
        case let error as HTTPParserError where error == .invalidEOFState:
            // The client hung up before its request was complete: nobody reads this answer, and the server did not fail.
            return APIError(
                .badRequest, code: "incomplete_request", "The connection closed before the request was complete; send it again.",
                fr: "La connexion s’est fermée avant la fin de la requête ; envoyez-la à nouveau.")
        case is NIOTooManyBytesError:
            return APIError(
                .contentTooLarge, code: "too_large",
                "The request body is larger than this endpoint accepts (4 MiB for JSON); send less, or upload files to the upload endpoints.",
                fr: "Le corps de la requête dépasse ce que ce point d’accès accepte (4 Mio pour du JSON) ; envoyez moins, ou déposez les fichiers par les points d’accès de dépôt."
            )
        case is DecodingError:
            return APIError.badRequest(
                "The JSON body does not match the expected shape: \(error); see /openapi.json.",
                fr: "Le corps JSON n’a pas la forme attendue : \(error) ; voir /openapi.json.")
        default:
            return APIError(
                .internalServerError, code: "internal", "The server failed unexpectedly; the error is in its log.",
                fr: "Le serveur a échoué de façon inattendue ; l’erreur est dans son journal.")
        }
    }

    /// The French for the statuses Hummingbird answers by itself.
    static func frenchReason(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "Requête invalide."
        case 405: "Méthode non autorisée pour ce point d’accès ; voir /openapi.json."
        case 413: "Requête trop volumineuse."
        case 408: "Délai de requête dépassé."
        default: "Erreur HTTP \(status.code)."
        }
    }
}
