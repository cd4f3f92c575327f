import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Logs one structured line per request: method, path, status, duration in milliseconds and the
/// client's address (``ClientOrigin``: behind a trusted proxy, the forwarded one).
struct RequestLogMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: ServiceRequestContext, next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = start.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", milliseconds))", "client": "\(context.client.address ?? "-")",
            ])
        return response
    }
}
