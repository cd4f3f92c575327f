/// Hospitals and cancer centres that interviews on cancer care in France name without their kind
/// ("j'étais suivie à Curie", "à la Pitié"): the centres of the Unicancer network and the main
/// hospitals of Paris and other university towns, by the names patients use. Folded, by words.
enum NamedInstitutions {
    static let names: [[String]] = [
        "Curie", "Gustave Roussy", "Gustave-Roussy", "Léon Bérard", "Paoli-Calmettes", "Bergonié", "Oscar Lambret",
        "François Baclesse", "Henri Becquerel", "Jean Perrin", "Georges-François Leclerc", "Godinot", "Antoine Lacassagne",
        "Claudius Regaud", "Oncopole", "Alexis Vautrin", "Eugène Marquis", "Val d'Aurelle", "Sainte-Catherine", "Paul Strauss",
        "René Gauducheau", "Paul Papin", "Pitié-Salpêtrière", "Pitié", "Salpêtrière", "Hôtel-Dieu", "Necker", "Cochin", "Bichat",
        "Tenon", "Saint-Antoine", "Georges-Pompidou", "Avicenne", "Lariboisière", "Bicêtre", "Henri-Mondor", "Henri Mondor",
        "Ambroise-Paré", "Beaujon", "Foch", "Hôpital américain", "Rangueil", "Purpan", "La Timone", "Timone", "Pellegrin",
        "Hospices civils", "Lyon Sud", "Edouard Herriot", "Croix-Rousse", "Haut-Lévêque", "Pontchaillou", "Hautepierre",
    ].map { name in Token.words(of: Array(name.unicodeScalars)).map(\.folded) }
}
