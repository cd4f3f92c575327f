extension ExportBundle {
    /// The bundle without the staff's e-mail addresses, for a caller whose role may not list the
    /// study's members (a coder): names stay, as they label codings and memos.
    public func withoutContactDetails() -> ExportBundle {
        var bundle = self
        bundle.users = users.map { user in
            var user = user
            user.email = ""
            return user
        }
        return bundle
    }
}
