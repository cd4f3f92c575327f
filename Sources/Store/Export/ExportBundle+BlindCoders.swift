extension ExportBundle {
    /// The bundle with every person but `ownName` named "Codeur 1", "Codeur 2"... ("Coder n" in
    /// English), numbered by user id among the study's people (members, coders, memo authors) as
    /// the pages number them, and no e-mail address, for studies that blind their coders. The
    /// consensus keeps its name.
    public func withBlindCoders(_ language: UserLanguage, keeping ownName: Int64? = nil) -> ExportBundle {
        let people = users.compactMap(\.id).filter { $0 != Coding.consensusCoderID }.sorted()
        let numbers = Dictionary(
            uniqueKeysWithValues: people.enumerated().compactMap { $1 == ownName ? nil : ($1, $0 + 1) })
        var bundle = self
        bundle.users = users.map { user in
            var user = user
            if let id = user.id, let number = numbers[id] {
                user.name = ExportWording.coder(number, language)
                user.email = ""
            }
            return user
        }
        return bundle
    }
}
