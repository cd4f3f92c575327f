/// The longest texts the store accepts, in characters, so that a careless or hostile client
/// cannot store a 3 MB title: names and titles are labels, not documents.
public enum TextLimits {
    /// Study names, recording titles, memo titles and code names.
    public static let title = 200
    /// Names of participant attributes (case variables).
    public static let attributeName = 100
    /// Values of participant attributes.
    public static let attributeValue = 2000

    /// Throws `.invalidInput` naming `what` when `text` is longer than `limit` characters.
    public static func check(_ text: String, limit: Int, _ what: String) throws(StoreError) {
        guard text.count <= limit else {
            throw StoreError(.invalidInput, "The \(what) has \(text.count) characters; shorten it to at most \(limit).", fr: "Le champ « \(what) » compte \(text.count) caractères ; raccourcissez-le à \(limit) au plus.")
        }
    }
}
