import Foundation
import Store

/// A capture as the API shows it: its fields and the name of who confirmed the consent.
struct CaptureView: Encodable, Sendable {
    var capture: Capture
    var consentByName: String?

    enum Keys: String, CodingKey { case consentByName }

    func encode(to encoder: any Encoder) throws {
        try capture.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(consentByName, forKey: .consentByName)
    }
}

extension ServiceBackend {
    /// The capture with the confirming person's name.
    func view(_ capture: Capture) async throws -> CaptureView {
        CaptureView(capture: capture, consentByName: try await store.user(id: capture.consentBy)?.name)
    }

    /// The capture, after checking that the caller may record interviews in its study.
    func capture(_ id: Int64, for user: AuthenticatedUser) async throws -> Capture {
        guard let capture = try await store.capture(id: id) else { throw APIError.notFound("Capture", id) }
        try await access.require(user, study: capture.studyID, anyOf: .managers, to: "record interviews")
        return capture
    }
}
