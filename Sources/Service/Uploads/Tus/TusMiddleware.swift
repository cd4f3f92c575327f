import HTTPTypes
import Hummingbird

/// The tus routes' protocol check: a request without `Tus-Resumable: 1.0.0` is refused with
/// `412` and the versions this server speaks; every answer names the version it speaks.
struct TusMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[.tusResumable] == TusProtocol.version else {
            let error = APIError(
                .preconditionFailed, code: "tus_version",
                "This endpoint speaks the tus resumable upload protocol: send `Tus-Resumable: \(TusProtocol.version)`.",
                fr: "Ce point d’accès parle le protocole de dépôt reprenable tus : envoyez `Tus-Resumable: \(TusProtocol.version)`.")
            var response = try error.response(from: request, context: context)
            response.headers[.tusVersion] = TusProtocol.version
            response.headers[.tusResumable] = TusProtocol.version
            return response
        }
        var response = try await next(request, context)
        response.headers[.tusResumable] = TusProtocol.version
        return response
    }
}
