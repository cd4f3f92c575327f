import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web pages: `/` is `index.html`, `/web/...` the styles and JavaScript modules beside it.
///
/// The pages need no authentication (they hold no data: every datum comes from the API with the
/// user's bearer token). Every page response carries a strict `Content-Security-Policy`
/// (`default-src 'self'`: no inline script or style, nothing from another origin). Files are read
/// from disk on each request, so edits show on reload.
struct WebPageRoutes {
    let directory: URL

    /// The headers of every page response.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-cache"),
    ]

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/") { _, _ in try await serve(["index.html"]) }
        router.get("web/**") { _, context in
            try await serve(context.parameters.getCatchAll().map(String.init))
        }
    }

    /// The file at `components` under the directory; refuses anything that could leave it.
    func serve(_ components: [String]) async throws -> Response {
        guard !components.isEmpty,
            components.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\\") && !$0.contains("%") && !$0.contains("\0") }),
            let type = Self.contentType(components.last!)
        else { throw APIError(.notFound, code: "not_found", "No such page.", fr: "Cette page n’existe pas.") }
        let url = components.reduce(directory) { $0.appendingPathComponent($1) }
        let data: Data
        do {
            data = try await BlockingWork.run { try Data(contentsOf: url) }
        } catch {
            throw APIError(.notFound, code: "not_found", "No such page.", fr: "Cette page n’existe pas.")
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        for (name, value) in Self.securityHeaders { headers[name] = value }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The MIME type of the page files this server hands out; `nil` for anything else.
    static func contentType(_ name: String) -> String? {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: nil
        }
    }
}
