/// What an identifying span of a transcript names, which decides its pseudonym's wording.
public enum IdentifierKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// A name the study's identity vault holds (a participant or a relative): the most certain.
    case known
    case email
    /// A French social-security number (NIR), its key checked.
    case nir
    case phone
    case dateOfBirth
    /// A hospital, clinic or other institution named with its kind ("CHU de Nantes").
    case institution
    case person
    case place

    /// The order in which overlapping proposals win: the most certain kind first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The pseudonym's label in French ("Personne", "Ville"), as shown to coders.
    public var frenchLabel: String {
        switch self {
        case .known, .person: "Personne"
        case .email: "Courriel"
        case .nir: "NIR"
        case .phone: "Téléphone"
        case .dateOfBirth: "Date de naissance"
        case .institution: "Établissement"
        case .place: "Lieu"
        }
    }

    /// The same in English.
    public var englishLabel: String {
        switch self {
        case .known, .person: "Person"
        case .email: "Email"
        case .nir: "Social security number"
        case .phone: "Phone"
        case .dateOfBirth: "Date of birth"
        case .institution: "Institution"
        case .place: "Place"
        }
    }
}
