import Foundation

/// Paths to the shared sample files and this target's fixtures, found from this file's location.
enum Samples {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let biometrics = repository.appendingPathComponent("samples/biometrics")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func sample(_ path: String) -> URL { biometrics.appendingPathComponent(path) }
    static func fixture(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

    /// A JSON fixture as a dictionary.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixture(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The WFDB fixture synth16 copied into `dir` with `old` replaced by `new` in its header;
    /// returns the header's URL. Fails when the header does not contain `old`.
    static func editedRecord(replacing old: String, with new: String, in dir: URL) throws -> URL {
        let header = try String(contentsOf: fixture("wfdb/synth16.hea"), encoding: .utf8)
        guard header.contains(old) else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no \(old) in synth16.hea"])
        }
        let url = dir.appendingPathComponent("synth16.hea")
        try header.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        try Data(contentsOf: fixture("wfdb/synth16.dat")).write(to: dir.appendingPathComponent("synth16.dat"))
        return url
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension [String: Any] {
    func dict(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
    func doubles(_ key: String) -> [Double] { (self[key] as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    func rows(_ key: String) -> [[Double]] { (self[key] as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } } }
}

/// Parses "2026-03-14T09:30:15" (no zone) as UTC.
func utc(_ text: String) -> Date {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    return f.date(from: text)!
}
