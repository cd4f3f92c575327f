import Foundation
import HTTPTypes
import Store

/// Which media file of a recording a caller receives.
enum MediaVersion: Sendable, Hashable {
    /// The uploaded media, as recorded.
    case original
}

extension ServiceBackend {
    /// The one decision of which media of `recording` a caller with `role` may receive, for every
    /// media route (playback, signed links, downloads). A coder of a study pseudonymised for coders
    /// (``Study/pseudonymisedForCoders``) may not hear the original, which says the names: `403`
    /// until redacted media exists, which this function will then choose.
    func mediaVersion(of recording: Recording, for role: StudyRole) async throws -> MediaVersion {
        if try await CoderPseudonyms(backend: self).restricts(studyID: recording.studyID, role: role) {
            throw APIError(
                .forbidden, code: "media_not_pseudonymised",
                "In this study coders read only pseudonymised transcripts, and the recording's media says the identifying words; it is for its administrators and researchers.",
                fr: "Dans cette étude, les codeurs ne lisent que des transcriptions pseudonymisées, et le média de l’enregistrement dit les mots identifiants ; il est réservé à ses administrateurs et chercheurs.")
        }
        return .original
    }
}
