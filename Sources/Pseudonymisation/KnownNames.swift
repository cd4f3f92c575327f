/// The real names a study's identity vault holds (participants, relatives), looked for in a text:
/// the whole name in any case, and each of its words of three letters or more where capitalised
/// ("Jeanne" alone for "Jeanne Dupont").
struct KnownNames: Sendable {
    private let names: [[String]]

    init(_ names: [String]) {
        self.names = names.map { Token.words(of: Array($0.unicodeScalars)).map(\.folded) }.filter { !$0.isEmpty }
    }

    func proposals(in tokens: [Token]) -> [IdentifierProposal] {
        var found: [IdentifierProposal] = []
        let parts = Set(names.flatMap { $0 }.filter { $0.count >= 3 })
        var index = 0
        tokens: while index < tokens.count {
            for name in names.sorted(by: { $0.count > $1.count }) where index + name.count <= tokens.count {
                if tokens[index..<index + name.count].map(\.folded) == name {
                    let end = index + name.count
                    found.append(
                        IdentifierProposal(
                            start: tokens[index].start, end: tokens[end - 1].end, text: "", kind: .known, reason: "name in the identity vault"))
                    index = end
                    continue tokens
                }
            }
            if tokens[index].isCapitalised && parts.contains(tokens[index].folded) {
                found.append(
                    IdentifierProposal(
                        start: tokens[index].start, end: tokens[index].end, text: "", kind: .known,
                        reason: "part of a name in the identity vault"))
            }
            index += 1
        }
        return found
    }
}
