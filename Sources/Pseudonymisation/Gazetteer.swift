import Foundation

/// Lists of names and places that make a capitalised word likely to identify someone, folded for
/// lookup (``Folding``). Installed by `models/fetch` into `models/gazetteer/` (see its SOURCES.md).
public struct Gazetteer: Sendable {
    public var firstNames: Set<String>
    public var familyNames: Set<String>
    /// Places, some of several words ("la roche-sur-yon"), folded.
    public var places: Set<String>
    /// Names that are also common lower-case words ("pierre", "rose", "orange"): alone and at the
    /// start of a sentence they need other evidence.
    public var commonWords: Set<String>
    /// The most words a place of ``places`` has.
    public let longestPlace: Int

    public init(firstNames: Set<String>, familyNames: Set<String>, places: Set<String>, commonWords: Set<String>) {
        self.firstNames = Set(firstNames.map(Folding.fold))
        self.familyNames = Set(familyNames.map(Folding.fold))
        self.places = Set(places.map(Folding.fold))
        self.commonWords = Set(commonWords.map(Folding.fold))
        longestPlace = self.places.map { $0.split(separator: " ").count }.max() ?? 1
    }

    /// The gazetteer in `folder` (`models/gazetteer`). Reads files: call it off the cooperative pool.
    public static func load(from folder: URL) throws(GazetteerError) -> Gazetteer {
        func read(_ name: String) throws(GazetteerError) -> Set<String> {
            let url = folder.appendingPathComponent(name)
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw GazetteerError(file: url.path) }
            let lines = Set(text.split(separator: "\n").map(String.init))
            guard !lines.isEmpty else { throw GazetteerError(file: url.path) }
            return lines
        }
        return Gazetteer(
            firstNames: try read("first-names.txt"), familyNames: try read("family-names.txt"),
            places: try read("places.txt"), commonWords: try read("common-words.txt"))
    }
}

/// The gazetteer's files are missing or unreadable.
public struct GazetteerError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be read.
    public var file: String

    public var message: String { "The gazetteer file \(file) is missing or unreadable: run models/fetch." }
    public var french: String { "Le fichier du répertoire de noms \(file) est absent ou illisible : lancez models/fetch." }
    public var description: String { message }
}
