import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One code of an imported codebook, with its children.
public struct CodebookEntry: Sendable, Hashable {
    /// Code name.
    public var name: String
    /// Colour as `#RRGGBB` (short `#RGB` is expanded; grey when absent).
    public var color: String
    /// Definition.
    public var details: String
    /// Sub-codes.
    public var children: [CodebookEntry]

    /// Creates an entry.
    public init(name: String, color: String = "#808080", details: String = "", children: [CodebookEntry] = []) {
        self.name = name
        self.color = color
        self.details = details
        self.children = children
    }
}

/// REFI-QDA codebook exchange (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`).
public enum REFICodebook {
    /// Parses a `.qdc` document (or the `CodeBook` of a `project.qde`) into a tree of codes.
    /// - Throws: ``StoreError`` `.invalidInput` naming the line when the XML is malformed or a code has no name.
    public static func parse(_ data: Data) throws -> [CodebookEntry] {
        let reader = CodebookReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw StoreError(
                .invalidInput,
                "The codebook is not well-formed XML (line \(parser.lineNumber)): \(reason). Export it again from your QDA software.",
                fr: "Le livre de codes n’est pas un XML bien formé (ligne \(parser.lineNumber)) : \(reason). Exportez-le à nouveau depuis votre logiciel d’analyse qualitative."
            )
        }
        if reader.problem == nil, let open = reader.open.last {
            reader.problem = StoreError(
                .invalidInput, "The element <\(open)> is never closed: the codebook is truncated or malformed.",
                fr: "L’élément <\(open)> n’est jamais fermé : le livre de codes est tronqué ou mal formé.")
        }
        if let problem = reader.problem { throw problem }
        guard reader.sawCodeBook else {
            throw StoreError(
                .invalidInput, "No <CodeBook> element found: this is not a REFI-QDA codebook (.qdc).",
                fr: "Aucun élément <CodeBook> : ce n’est pas un livre de codes REFI-QDA (.qdc).")
        }
        return reader.roots
    }

    /// Writes a study's codebook as a `.qdc` document (stable GUIDs derived from the code ids).
    public static func document(_ codes: [Code], studyID: Int64) -> String {
        let ids = QDPXIdentifiers(studyID: studyID)
        func codeXML(_ code: Code, indent: String) -> String {
            var out = "\(indent)<Code guid=\"\(ids.guid("code", code.id ?? 0))\" name=\"\(ExportFormatting.xml(code.name))\" "
            out += "isCodable=\"true\" color=\"\(code.color)\">\n"
            if !code.details.isEmpty { out += "\(indent)  <Description>\(ExportFormatting.xml(code.details))</Description>\n" }
            for child in codes where child.parentID == code.id && code.id != nil { out += codeXML(child, indent: indent + "  ") }
            return out + "\(indent)</Code>\n"
        }
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Verbatim">
              <Codes>

            """
        for code in codes where code.parentID == nil { xml += codeXML(code, indent: "    ") }
        return xml + "  </Codes>\n</CodeBook>\n"
    }

    static func normalizedColor(_ color: String?) -> String {
        guard let color, color.hasPrefix("#") else { return "#808080" }
        let digits = Array(color.dropFirst())
        if digits.count == 3, digits.allSatisfy(\.isHexDigit) { return "#" + digits.map { "\($0)\($0)" }.joined().uppercased() }
        if digits.count == 6, digits.allSatisfy(\.isHexDigit) { return color.uppercased() }
        return "#808080"
    }
}

/// SAX reader building the code tree.
private final class CodebookReader: NSObject, XMLParserDelegate {
    var roots: [CodebookEntry] = []
    var stack: [CodebookEntry] = []
    var sawCodeBook = false
    var inDescription = false
    var text = ""
    var problem: StoreError?
    /// Elements opened and not yet closed: FoundationXML on Linux tolerates mismatched tags, so check here.
    var open: [String] = []

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if problem == nil {
            problem = StoreError(
                .invalidInput, "The codebook is not well-formed XML (line \(parser.lineNumber)): \(parseError).",
                fr: "Le livre de codes n’est pas un XML bien formé (ligne \(parser.lineNumber)) : \(parseError).")
        }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elementName)
        switch elementName {
        case "CodeBook": sawCodeBook = true
        case "Code" where sawCodeBook:
            let name = attributes["name"] ?? ""
            if name.isEmpty && problem == nil {
                problem = StoreError(
                    .invalidInput, "A <Code> at line \(parser.lineNumber) has no name; name it and import again.",
                    fr: "Un <Code> à la ligne \(parser.lineNumber) n’a pas de nom ; nommez-le et importez à nouveau.")
            }
            stack.append(CodebookEntry(name: name, color: REFICodebook.normalizedColor(attributes["color"])))
        case "Description" where !stack.isEmpty:
            inDescription = true
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inDescription { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if open.last == elementName {
            open.removeLast()
        } else if problem == nil {
            problem = StoreError(
                .invalidInput, "Line \(parser.lineNumber): </\(elementName)> closes <\(open.last ?? "nothing")>; the codebook is malformed.",
                fr: "Ligne \(parser.lineNumber) : </\(elementName)> ferme <\(open.last ?? "rien")> ; le livre de codes est mal formé.")
        }
        switch elementName {
        case "Description" where inDescription:
            stack[stack.count - 1].details = text.trimmingCharacters(in: .whitespacesAndNewlines)
            inDescription = false
        case "Code" where !stack.isEmpty:
            let done = stack.removeLast()
            if stack.isEmpty { roots.append(done) } else { stack[stack.count - 1].children.append(done) }
        default: break
        }
    }
}
