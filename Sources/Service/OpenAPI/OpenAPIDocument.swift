import Foundation
import HTTPTypes

/// The OpenAPI 3.1 description of every endpoint, served at `/openapi.json`.
///
/// The document is the resource file `Sources/Service/OpenAPI/openapi.json`, which every build
/// copies beside the executable (``ServiceResources``). It is kept by hand beside the routes;
/// tests check that it names exactly the router's operations and that real responses fit its
/// schemas, and `tools/schemathesis/run` checks the running server against it.
public enum OpenAPIDocument {
    /// The file name inside the resource bundle.
    static let name = "openapi.json"

    /// The document shipped with the executable at `executable` (by default the running one), or `nil` when absent.
    public static func bundled(beside executable: URL? = Bundle.main.executableURL) -> URL? {
        ServiceResources.url(name, beside: executable)
    }

    /// The document's bytes, with an error that says what to do when the build lacks it.
    static func read() throws -> Data {
        guard let url = bundled() else { throw missing() }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw missing()
        }
    }

    private static func missing() -> APIError {
        APIError(
            .internalServerError, code: "missing_resource",
            "This build lacks Verbatim_Service.resources/\(name) beside the executable; "
                + "rebuild with `swift build` and keep that folder beside `verbatim`.", fr: "Il manque à cette version Verbatim_Service.resources/\(name) à côté de l’exécutable ; recompilez avec `swift build` et gardez ce dossier à côté de `verbatim`.")
    }
}
