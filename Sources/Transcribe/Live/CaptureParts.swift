import Foundation

/// The part files of a capture folder (`part-000.webm`, `part-001.ogg`...), in order: each one
/// what one MediaRecorder produced, consecutive in time.
public enum CaptureParts {
    /// The part files in `folder`, by part number; none when the folder does not exist yet.
    public static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let parts: [(number: Int, name: String)] = names.compactMap { name in
            guard name.hasPrefix("part-"), name.hasSuffix(".webm") || name.hasSuffix(".ogg") else { return nil }
            let digits = name.dropFirst("part-".count).prefix { $0.isNumber }
            guard digits.count >= 3, let number = Int(digits), name.dropFirst("part-".count + digits.count).first == "." else {
                return nil
            }
            return (number, name)
        }
        return parts.sorted { $0.number < $1.number }.map { folder.appendingPathComponent($0.name) }
    }
}
