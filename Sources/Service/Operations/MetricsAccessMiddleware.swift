import Crypto
import Foundation
import Hummingbird

/// Who may read `GET /metrics`: a scraper with the bearer token of `--metrics-token-file`, or an
/// installation administrator (API token or session). Never anyone else, loopback included: behind
/// a proxy on the same host every request comes from loopback.
struct MetricsAccessMiddleware: RouterMiddleware {
    /// The scraper's token, if one is configured.
    let token: String?
    let auth: AuthMiddleware

    func handle(
        _ request: Request, context: ServiceRequestContext, next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        if let token, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let sent = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            // SHA-256 digests compared in constant time by swift-crypto.
            if SHA256.hash(data: Array(sent.utf8)) == SHA256.hash(data: Array(token.utf8)) { return try await next(request, context) }
        }
        return try await auth.handle(request, context: context) { request, context in
            guard context.identity?.isAdmin == true else {
                throw APIError(
                    .forbidden, code: "metrics_forbidden",
                    "Metrics are for installation administrators and for a scraper with the token of --metrics-token-file.",
                    fr: "Les métriques sont réservées aux administrateurs de l’installation et au collecteur muni du jeton de --metrics-token-file.")
            }
            return try await next(request, context)
        }
    }
}
