import Hummingbird

/// Records each request's latency (until its response head is ready) in ``ServiceMetrics``
/// under the route pattern the router matched, so that ids never become label values.
struct RequestMetricsMiddleware: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(
        _ request: Request, context: ServiceRequestContext, next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let route = context.endpointPath ?? "unmatched"
        do {
            let response = try await next(request, context)
            metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: start.duration(to: .now))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(status), duration: start.duration(to: .now))
            throw error
        }
    }
}
