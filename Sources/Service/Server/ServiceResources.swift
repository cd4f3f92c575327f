import Foundation

/// Finds the resources that every build copies beside the `verbatim` executable: the package
/// declares them on the `Service` target, and SwiftPM puts them in `Verbatim_Service.resources`
/// (a `.bundle` on macOS). The test runner sits in the same build folder, so tests find them too.
enum ServiceResources {
    /// The resource folders SwiftPM may create, relative to the executable's folder.
    static let bundles = ["Verbatim_Service.resources", "Verbatim_Service.bundle", "Verbatim_Service.bundle/Contents/Resources"]

    /// The first existing resource `name` beside `executable` (by default the running one) that
    /// `accept` takes, or `nil`.
    static func url(
        _ name: String, isDirectory: Bool = false, beside executable: URL? = Bundle.main.executableURL,
        accept: (URL) -> Bool = { FileManager.default.fileExists(atPath: $0.path) }
    ) -> URL? {
        guard let executable else { return nil }
        let folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for bundle in bundles {
            let candidate = folder.appendingPathComponent(bundle).appendingPathComponent(name, isDirectory: isDirectory)
            if accept(candidate) { return candidate }
        }
        return nil
    }
}
