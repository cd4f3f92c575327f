import Foundation

/// Text folded for comparison: lower case, no diacritics, ligatures spelled out, typographic
/// apostrophes made plain, so that "Hélène", "HELENE" and "hélène" meet.
public enum Folding {
    public static func fold(_ text: String) -> String {
        let spelled = text.replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "Œ", with: "OE")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "Æ", with: "AE")
            .replacingOccurrences(of: "\u{2019}", with: "'")
        return spelled.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}
