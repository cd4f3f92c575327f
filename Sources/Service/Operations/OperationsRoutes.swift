import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /health` (public: states, counts and sizes only) and `GET /metrics` (Prometheus text,
/// for a scraper's token or an administrator, ``MetricsAccessMiddleware``).
struct OperationsRoutes {
    let backend: ServiceBackend
    let metrics: ServiceMetrics
    /// The local worker processes, if this server runs any.
    let workers: WorkerPool?

    /// Registers `GET /health`, which needs no credential.
    func registerPublic(on router: Router<ServiceRequestContext>) {
        router.get("health") { _, _ in
            let report = await HealthCheck(backend: backend, workers: workers).run()
            return try JSONResponse.make(report, status: report.status == .ok ? .ok : .serviceUnavailable)
        }
    }

    /// Registers `GET /metrics` behind ``MetricsAccessMiddleware``.
    func registerMetrics(on router: Router<ServiceRequestContext>, auth: AuthMiddleware) {
        let group = router.group().add(middleware: MetricsAccessMiddleware(token: backend.configuration.metricsToken, auth: auth))
        group.get("metrics") { _, _ in
            let text = try await metrics.scrape(backend: backend, workers: workers)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
