import Foundation

/// The names of a study export's files: one per recording, named after the recording's original
/// file name and its participants' pseudonyms (`03-entretien-marie_P-001.srt`), unique within the
/// export; and the media files under their original names (unique too), for ELAN bundles.
public struct ExportFileNames: Sendable, Hashable {
    /// File name without extension, by recording id.
    public private(set) var baseNames: [Int64: String] = [:]
    /// Media file name (original name, extension kept), by recording id.
    public private(set) var mediaNames: [Int64: String] = [:]

    /// Names for every recording of `bundle`, in the bundle's order.
    public init(_ bundle: ExportBundle) {
        let pseudonyms = Dictionary(uniqueKeysWithValues: bundle.participants.compactMap { p in p.id.map { ($0, p.pseudonym) } })
        var usedBases = Set<String>(), usedMedia = Set<String>()
        for item in bundle.recordings {
            let recording = item.recording
            let id = recording.id ?? 0
            let original = Self.originalName(recording)
            let stem = Self.slug(URL(fileURLWithPath: original).deletingPathExtension().lastPathComponent, lowercase: true)
            let people = item.participants.compactMap { pseudonyms[$0.participantID] }.sorted()
                .map { Self.slug($0, lowercase: false) }.filter { !$0.isEmpty }
            let base = ([stem.isEmpty ? "recording-\(id)" : stem] + people).joined(separator: "_")
            baseNames[id] = Self.unique(base, extension: "", in: &usedBases)
            let ext = URL(fileURLWithPath: original).pathExtension
            let mediaStem = URL(fileURLWithPath: original).deletingPathExtension().lastPathComponent
            mediaNames[id] = Self.unique(mediaStem, extension: ext, in: &usedMedia)
        }
    }

    /// The recording's original file name without any folder; else its title with the stored file's extension.
    static func originalName(_ recording: Recording) -> String {
        let stored = URL(fileURLWithPath: recording.mediaPath).pathExtension
        if let name = recording.originalName?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init),
            !name.trimmingCharacters(in: .whitespaces).isEmpty, !name.hasPrefix(".")
        {
            return URL(fileURLWithPath: name).pathExtension.isEmpty && !stored.isEmpty ? "\(name).\(stored)" : name
        }
        let title = slug(recording.title, lowercase: true)
        let stem = title.isEmpty ? "recording-\(recording.id ?? 0)" : title
        return stored.isEmpty ? stem : "\(stem).\(stored)"
    }

    /// ASCII letters, digits and `-`: accents folded, everything else a single `-`, trimmed, at most 80 characters.
    static func slug(_ text: String, lowercase: Bool) -> String {
        let folded = text.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
            .folding(options: [.diacriticInsensitive], locale: nil)
        var out = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, out.last != "-" {
                out += "-"
            }
        }
        while out.last == "-" { out.removeLast() }
        if lowercase { out = out.lowercased() }
        return String(out.prefix(80))
    }

    /// `name`, or `name-2`, `name-3`... when taken (compared without case, as some file systems do).
    static func unique(_ name: String, extension ext: String, in used: inout Set<String>) -> String {
        let suffix = ext.isEmpty ? "" : ".\(ext)"
        var candidate = name + suffix
        var number = 2
        while used.contains(candidate.lowercased()) {
            candidate = "\(name)-\(number)\(suffix)"
            number += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }
}
