import Foundation
import HTTPTypes
import Store

/// Which media file of a recording a caller receives.
enum MediaVersion: Sendable, Hashable {
    /// The uploaded media, as recorded.
    case original
    /// The copy retention kept in the original's place, with the accepted identifying passages
    /// replaced by a tone or silence (``Store/Recording/mediaIsRedacted``).
    case redacted
}

extension ServiceBackend {
    /// The one decision of which media of `recording` a caller with `role` may receive, for every
    /// media route (playback, signed links). A coder of a study pseudonymised for coders
    /// (``Study/pseudonymisedForCoders``) may not hear the original, which says the names: once
    /// retention has replaced it by its redacted copy they hear that, before it `403`.
    func mediaVersion(of recording: Recording, for role: StudyRole) async throws -> MediaVersion {
        if recording.mediaIsRedacted { return .redacted }
        if try await CoderPseudonyms(backend: self).restricts(studyID: recording.studyID, role: role) {
            throw APIError(
                .forbidden, code: "media_not_pseudonymised",
                "In this study coders read only pseudonymised transcripts, and the recording's media says the identifying words; it is for its administrators and researchers.",
                fr: "Dans cette étude, les codeurs ne lisent que des transcriptions pseudonymisées, et le média de l’enregistrement dit les mots identifiants ; il est réservé à ses administrateurs et chercheurs.")
        }
        return .original
    }
}
