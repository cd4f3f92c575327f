import Foundation

/// Finds the folder of the web pages (HTML, CSS, JavaScript modules) that `verbatim serve` serves at `/`.
///
/// The pages live in the repository under `Sources/Service/Web`; the package declares that folder
/// as a resource of the `Service` target, so every build copies it into `Verbatim_Service.resources/Web`
/// beside the `verbatim` executable. An explicit folder (`verbatim serve --web DIR`) wins: pointing it at
/// `Sources/Service/Web` serves edits to the pages without rebuilding anything.
public enum WebDirectory {
    /// The folder name inside the resource bundle.
    static let name = "Web"

    /// The pages shipped with the executable at `executable` (by default the running one), or `nil` when absent.
    public static func bundled(beside executable: URL? = Bundle.main.executableURL) -> URL? {
        ServiceResources.url(name, isDirectory: true, beside: executable, accept: isPages)
    }

    /// Checks that `folder` holds the pages (an `index.html`), with an error that says what to do.
    public static func validate(_ folder: URL) throws -> URL {
        guard isPages(folder) else {
            throw ServiceSetupError(
                "\(folder.path) holds no index.html; pass --web with the folder of the web pages (Sources/Service/Web in the repository)")
        }
        return folder.standardizedFileURL
    }

    static func isPages(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path)
    }
}
