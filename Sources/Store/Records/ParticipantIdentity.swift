import Foundation

/// A participant's real identity, as the identity vault keeps it (sealed, ``SealedIdentity``):
/// optional, read by study admins only, never in exports or logs.
public struct ParticipantIdentity: Codable, Sendable, Hashable {
    /// The full name, as it may be said in an interview (for example `Maëlys Quelennec`).
    public var fullName: String
    /// Other names to look for in transcripts: relatives, usual names, maiden names.
    public var otherNames: [String]
    /// A phone number.
    public var phone: String?
    /// An e-mail address.
    public var email: String?
    /// A postal address.
    public var postalAddress: String?
    /// A free note.
    public var note: String?

    /// An identity; only `fullName` is required.
    public init(
        fullName: String, otherNames: [String] = [], phone: String? = nil, email: String? = nil, postalAddress: String? = nil,
        note: String? = nil
    ) {
        self.fullName = fullName
        self.otherNames = otherNames
        self.phone = phone
        self.email = email
        self.postalAddress = postalAddress
        self.note = note
    }

    /// Decodes an identity; `otherNames` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fullName = try container.decode(String.self, forKey: .fullName)
        otherNames = try container.decodeIfPresent([String].self, forKey: .otherNames) ?? []
        phone = try container.decodeIfPresent(String.self, forKey: .phone)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        postalAddress = try container.decodeIfPresent(String.self, forKey: .postalAddress)
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    /// The names the pseudonymisation detector looks for: the full name and the other names.
    public var names: [String] {
        ([fullName] + otherNames).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// How many fields hold something (for audit details, which never hold the words).
    public var filledFields: Int {
        [fullName, phone, email, postalAddress, note].compactMap { $0 }.filter { !$0.isEmpty }.count + (otherNames.isEmpty ? 0 : 1)
    }

    /// The longest a field may be, in characters (the note: ``noteLimit``).
    public static let fieldLimit = 500
    /// The longest the note may be, in characters.
    public static let noteLimit = 4_000
    /// The most other names an identity may hold.
    public static let otherNamesLimit = 50

    /// Checks the identity before it is sealed: a full name, fields within their limits. The
    /// messages name the field, never its value (they may reach a log).
    public func validate() throws(StoreError) {
        guard !fullName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(
                .invalidInput, "An identity needs a full name (`fullName`).", fr: "Une identité doit avoir un nom complet (`fullName`).")
        }
        guard otherNames.count <= Self.otherNamesLimit else {
            throw StoreError(
                .invalidInput, "An identity holds at most \(Self.otherNamesLimit) other names (it has \(otherNames.count)).",
                fr: "Une identité contient au plus \(Self.otherNamesLimit) autres noms (elle en a \(otherNames.count)).")
        }
        var fields: [(name: String, value: String?)] = [
            ("fullName", fullName), ("phone", phone), ("email", email), ("postalAddress", postalAddress),
        ]
        for other in otherNames { fields.append(("otherNames", other)) }
        for (name, value) in fields where (value?.count ?? 0) > Self.fieldLimit {
            throw StoreError(
                .invalidInput, "The identity field `\(name)` is longer than \(Self.fieldLimit) characters.",
                fr: "Le champ d’identité `\(name)` dépasse \(Self.fieldLimit) caractères.")
        }
        guard (note?.count ?? 0) <= Self.noteLimit else {
            throw StoreError(
                .invalidInput, "The identity's note is longer than \(Self.noteLimit) characters.",
                fr: "La note de l’identité dépasse \(Self.noteLimit) caractères.")
        }
    }
}
