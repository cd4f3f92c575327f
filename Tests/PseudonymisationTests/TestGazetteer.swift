import Foundation
import Testing

@testable import Pseudonymisation

/// The gazetteer that models/fetch installs (models/gazetteer), loaded once for every test.
enum TestGazetteer {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let shared: Result<Gazetteer, GazetteerError> = Result { () throws(GazetteerError) in
        try Gazetteer.load(from: repository.appendingPathComponent("models/gazetteer"))
    }

    static func detector() throws -> IdentifierDetector {
        IdentifierDetector(gazetteer: try shared.get())
    }

    /// The proposals of `text` as (text, kind) pairs, in text order.
    static func found(_ text: String, knownNames: [String] = []) throws -> [String] {
        try detector().proposals(in: text, knownNames: knownNames).map { "\($0.text)|\($0.kind.rawValue)" }
    }
}
