import Foundation
import Pseudonymisation

/// The rules of ``RedactionStore`` that do not depend on the database, shared by both stores so
/// that SQLite and PostgreSQL check spans, number pseudonyms and replace text the same way.
public enum RedactionRules {
    /// Checks that `start..<end` lies within `scalars` (a version's text) and within one segment
    /// (no line feed); `.invalidInput` saying which otherwise.
    public static func checkSpan(_ start: Int, _ end: Int, in scalars: [Unicode.Scalar]) throws(StoreError) {
        guard 0 <= start, start < end, end <= scalars.count else {
            throw StoreError(
                .invalidInput, "The span \(start)..<\(end) is not within the transcript's \(scalars.count) characters.",
                fr: "Le passage \(start)..<\(end) n’est pas dans les \(scalars.count) caractères de la transcription.")
        }
        guard !scalars[start..<end].contains("\n") else {
            throw StoreError(
                .invalidInput, "The span \(start)..<\(end) runs over two segments; mark each segment's part apart.",
                fr: "Le passage \(start)..<\(end) déborde sur deux segments ; marquez séparément la partie de chaque segment.")
        }
    }

    /// The refusal to mark a span over one already accepted.
    public static func overlapsAccepted(_ accepted: Redaction) -> StoreError {
        let id = accepted.id.map { "\($0)" } ?? "?"
        return StoreError(
            .conflict,
            "The span overlaps “\(accepted.text)”, already pseudonymised (redaction \(id)); reject it first.",
            fr: "Le passage chevauche « \(accepted.text) », déjà pseudonymisé (passage \(id)) ; rejetez-le d’abord.")
    }

    /// The kind under which a study counts pseudonyms: people once, whether the vault or the detector found them.
    public static func family(_ kind: IdentifierKind) -> IdentifierKind { kind == .known ? .person : kind }

    /// The label of the `number`-th (from 1) pseudonym of a family in a study: "[Personne A]", "[Lieu 3]".
    public static func label(_ family: IdentifierKind, number: Int) -> String {
        family == .person
            ? "[\(family.frenchLabel) \(PseudonymTable.letters(number))]" : "[\(family.frenchLabel) \(number)]"
    }

    /// `text` (a version's text) with the accepted spans of `spans` replaced by their pseudonyms.
    public static func pseudonymised(transcriptID: Int64, text: String, spans: [Redaction]) -> PseudonymisedTranscript {
        var result = Array(text.unicodeScalars)
        for span in spans.sorted(by: { $0.charStart > $1.charStart }) where span.state == .accepted {
            result.replaceSubrange(span.charStart..<span.charEnd, with: (span.pseudonym ?? "[…]").unicodeScalars)
        }
        let replaced = String(String.UnicodeScalarView(result))
        return PseudonymisedTranscript(
            transcriptID: transcriptID, text: replaced,
            segments: replaced.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            pending: spans.filter { $0.state == .proposed }.count)
    }
}
