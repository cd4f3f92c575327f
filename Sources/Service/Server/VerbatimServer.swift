import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Store

/// The Verbatim HTTP API as a Hummingbird application.
///
/// ```swift
/// let app = VerbatimServer.application(backend: backend) { port in print("listening on \(port)") }
/// try await app.runService()
/// ```
public enum VerbatimServer {
    /// The router with every endpoint: `/health` (``HealthReport``), `/openapi.json`, sign-in (`POST /sessions`) and the web pages
    /// (`/`, `/web/...`) are public; the rest needs a bearer token or a session cookie (``AuthMiddleware``;
    /// media playback also accepts a signed short-lived link; `/metrics` a scraper's token). `workers`
    /// are the local worker processes that `/health` and `/metrics` report on.
    public static func router(
        backend: ServiceBackend, metrics: ServiceMetrics = ServiceMetrics(), workers: WorkerPool? = nil
    ) -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: ClientOriginMiddleware(proxies: backend.configuration.trustedProxies))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        let operations = OperationsRoutes(backend: backend, metrics: metrics, workers: workers)
        operations.registerPublic(on: router)
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            let document = try await BlockingWork.run { try OpenAPIDocument.read() }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        if let web = backend.configuration.webDirectory {
            WebPageRoutes(directory: web).register(on: router)
        }
        SessionRoutes(backend: backend).registerPublic(on: router)
        TusRoutes(backend: backend).registerPublic(on: router)
        let auth = AuthMiddleware(tokens: backend.tokens, sessions: backend.sessions)
        operations.registerMetrics(on: router, auth: auth)
        let media = router.group().add(middleware: MediaAuthMiddleware(auth: auth, signer: backend.mediaAccess, store: backend.store))
        RecordingRoutes(backend: backend).registerMedia(on: media)
        WorkerRoutes(backend: backend).registerMedia(on: router)
        let resumable = router.group().add(middleware: TusMiddleware()).add(middleware: auth)
        TusRoutes(backend: backend).register(on: resumable)
        let api = router.group().add(middleware: auth)
        SessionRoutes(backend: backend).register(on: api)
        UserRoutes(backend: backend).register(on: api)
        TokenRoutes(backend: backend).register(on: api)
        StudyRoutes(backend: backend).register(on: api)
        ParticipantRoutes(backend: backend).register(on: api)
        IdentityRoutes(backend: backend).register(on: api)
        RecordingRoutes(backend: backend).register(on: api)
        CaptureRoutes(backend: backend).register(on: api)
        JobRoutes(backend: backend).register(on: api)
        TranscriptRoutes(backend: backend).register(on: api)
        CodingRoutes(backend: backend).register(on: api)
        RedactionRoutes(backend: backend).register(on: api)
        RetentionRoutes(backend: backend).register(on: api)
        CodingWorkflowRoutes(backend: backend).register(on: api)
        CodebookRoutes(backend: backend).register(on: api)
        RetrievalRoutes(backend: backend).register(on: api)
        AuditRoutes(backend: backend).register(on: api)
        ExportRoutes(backend: backend).register(on: api)
        BiometricRoutes(backend: backend).register(on: api)
        WorkerRoutes(backend: backend).register(on: api)
        return router
    }

    /// The application listening on the configured host and port; `onRunning` receives the bound port.
    public static func application(
        backend: ServiceBackend, services: [any Service] = [], onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<ServiceRequestContext>> {
        let configuration = ApplicationConfiguration(
            address: .hostname(backend.configuration.host, port: backend.configuration.port), serverName: "verbatim")
        // The idle timeout also bounds how long a request's head may take to arrive (slowloris).
        let idle = TimeAmount.nanoseconds(Int64(backend.configuration.idleTimeout * 1_000_000_000))
        return Application(
            router: router(backend: backend, workers: services.lazy.compactMap { $0 as? WorkerPool }.first), server: .http1(configuration: .init(idleTimeout: idle)), configuration: configuration,
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: backend.logger)
    }

    /// Moves an older installation's `tokens.json` into the store (``TokenFileMigration``), removes
    /// partial uploads, exports and orphan wearable files that a crash left (``PartialUploadSweep``,
    /// ``TemporaryExportFile/sweep(_:logger:)``, ``ImportFolderSweep``), then runs the application
    /// until SIGTERM or SIGINT and shuts down gracefully (workers included), removing abandoned
    /// resumable uploads at start and as they expire (``TusExpirySweep``).
    public static func serve(
        backend: ServiceBackend, services: [any Service] = [], onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await backend.migrateTokenFile()
        PartialUploadSweep.run(in: backend.configuration.mediaDirectory, logger: backend.logger)
        TemporaryExportFile.sweep(backend.configuration.temporaryDirectory, logger: backend.logger)
        try await ImportFolderSweep.run(configuration: backend.configuration, store: backend.store, minimumAge: 0, logger: backend.logger)
        let sweep = TusExpirySweep(uploads: backend.uploads, logger: backend.logger)
        let retention = RetentionService(sweep: RetentionSweep(backend: backend))
        try await application(backend: backend, services: services + [sweep, retention], onRunning: onRunning).runService()
    }
}
