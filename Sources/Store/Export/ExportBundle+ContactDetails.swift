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

extension ExportBundle {
    /// The bundle a coder of a study coded blind may take away: on each transcript whose coding
    /// they have not marked done (`done` holds the transcripts they have), only their own codings,
    /// and no memos on other people's codings.
    public func blinded(for coderID: Int64, done: Set<Int64>) -> ExportBundle {
        var bundle = self
        var hidden: Set<Int64> = []
        for index in bundle.recordings.indices {
            guard let transcript = bundle.recordings[index].transcript?.id, !done.contains(transcript) else { continue }
            let codings = bundle.recordings[index].codings
            bundle.recordings[index].codings = codings.filter { $0.coderID == coderID && !$0.isConsensus }
            hidden.formUnion(codings.filter { $0.coderID != coderID || $0.isConsensus }.compactMap(\.id))
        }
        bundle.memos = memos.filter { memo in memo.codingID.map { !hidden.contains($0) } ?? true }
        return bundle
    }
}
