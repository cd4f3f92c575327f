/// Where the request being served comes from, for the audit events written while serving it.
///
/// The HTTP server binds ``clientAddress`` for the whole of each request (after its trusted-proxy
/// rules have resolved the client), and every store's `appendAudit`, including the events that
/// erasure, recording deletion and code merges write inside their own transactions, records it in
/// ``AuditEvent/clientAddress``. A task-local value, as swift-distributed-tracing's
/// `ServiceContext`: no route can forget to pass it, and work outside a request (the command
/// line, workers) records none.
///
/// ```swift
/// try await AuditOrigin.$clientAddress.withValue("198.51.100.7") {
///     try await store.appendAudit(actorID: 1, action: "participant.read", ...)  // clientAddress "198.51.100.7"
/// }
/// ```
public enum AuditOrigin {
    /// The client's IP address, `nil` outside an HTTP request.
    @TaskLocal public static var clientAddress: String?
}
