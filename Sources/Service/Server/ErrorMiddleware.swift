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
            return APIError(.unprocessableContent, code: "unreadable_media", error.description)
        case let error as HTTPError:
            let code: String
            switch error.status.code {
            case 400: code = "bad_request"
            case 404: code = "not_found"
            case 405: code = "method_not_allowed"
            case 413: code = "too_large"
            default: code = "http_\(error.status.code)"
            }
            let message = error.body ?? (error.status == .notFound ? "No such endpoint; see /openapi.json." : error.status.reasonPhrase)
            return APIError(error.status, code: code, message)
        case let error as HTTPParserError where error == .invalidEOFState:
            // The client hung up before its request was complete: nobody reads this answer, and the server did not fail.
            return APIError(
                .badRequest, code: "incomplete_request", "The connection closed before the request was complete; send it again.")
        case is NIOTooManyBytesError:
            return APIError(
                .contentTooLarge, code: "too_large",
                "The request body is larger than this endpoint accepts (4 MiB for JSON); send less, or upload files to the upload endpoints."
            )
        case is DecodingError:
            return APIError.badRequest("The JSON body does not match the expected shape: \(error); see /openapi.json.")
        default:
            return APIError(.internalServerError, code: "internal", "The server failed unexpectedly; the error is in its log.")
        }
    }
}
