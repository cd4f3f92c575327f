extension ExportBundle {
    /// The bundle with every coder named "Codeur 1", "Codeur 2"... ("Coder n" in English),
    /// numbered in user id order, and no e-mail address, for studies that blind their coders.
    public func withBlindCoders(_ language: UserLanguage) -> ExportBundle {
        let coderIDs = Set(recordings.flatMap { $0.codings.map(\.coderID) }).sorted()
        let numbers = Dictionary(uniqueKeysWithValues: coderIDs.enumerated().map { ($1, $0 + 1) })
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
