import HTTPTypes
import Hummingbird
import Store

/// Works out each request's ``ClientOrigin`` from its connection and, when the connection comes
/// from a trusted proxy, its forwarded headers; runs first so that the request log and every audit
/// event written while the request is served (``AuditOrigin``, whatever the route) read the same
/// address.
struct ClientOriginMiddleware: RouterMiddleware {
    /// The `X-Forwarded-For` field.
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    /// The `X-Forwarded-Proto` field.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    let proxies: TrustedProxies

    func handle(
        _ request: Request, context: ServiceRequestContext, next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        var origin = proxies.resolve(
            peer: context.client.address, forwardedFor: request.headers[values: Self.forwardedFor],
            forwardedProto: request.headers[values: Self.forwardedProto])
        if request.head.scheme == "https" { origin.isHTTPS = true }
        context.client = origin
        let resolved = context
        return try await AuditOrigin.$clientAddress.withValue(origin.address) { try await next(request, resolved) }
    }
}
