import Foundation

/// The checks and refusals every implementation of an area makes in the same words, so that
/// SQLite and PostgreSQL refuse the same input with the same ``StoreError``.
public enum StoreInputChecks {
    /// A study name: not blank, at most ``TextLimits/title`` characters.
    public static func studyName(_ name: String) throws(StoreError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidInput, "A study needs a non-empty name.", fr: "Une étude a besoin d’un nom.")
        }
        try TextLimits.check(name, limit: TextLimits.title, "study name")
    }

    /// A login e-mail address: it contains an `@`.
    public static func email(_ email: String) throws(StoreError) {
        guard email.contains("@") else {
            throw StoreError(
                .invalidInput, "\(email) is not an e-mail address; give the user's login address.",
                fr: "\(email) n’est pas une adresse électronique ; donnez l’adresse de connexion de la personne.")
        }
    }

    /// A token to store: a label of at most ``TextLimits/title`` characters and a SHA-256 hex hash.
    public static func token(_ token: APIToken) throws(StoreError) {
        try TextLimits.check(token.label, limit: TextLimits.title, "token label")
        guard Hex.decode(token.tokenHash)?.count == 32 else {
            throw StoreError(
                .invalidInput, "A token hash is 64 lower-case hex digits (SHA-256); hash the token before storing it.",
                fr: "Une empreinte de jeton compte 64 chiffres hexadécimaux en minuscules (SHA-256) ; hachez le jeton avant de l’enregistrer.")
        }
    }

    /// A session to store: its secret's hash is SHA-256 hex.
    public static func session(_ session: UserSession) throws(StoreError) {
        guard Hex.decode(session.secretHash)?.count == 32 else {
            throw StoreError(
                .invalidInput, "A session hash is 64 lower-case hex digits (SHA-256); hash the secret before storing it.",
                fr: "L’empreinte d’une session compte 64 chiffres hexadécimaux minuscules (SHA-256) ; calculez-la avant de l’enregistrer.")
        }
    }

    /// A password to store: a bcrypt hash.
    public static func passwordHash(_ hash: String) throws(StoreError) {
        guard hash.hasPrefix("$2") else {
            throw StoreError(
                .invalidInput, "A password is stored as a bcrypt hash ($2b$…); hash it before storing it.",
                fr: "Un mot de passe est enregistré sous forme d’empreinte bcrypt ($2b$…) ; calculez-la avant de l’enregistrer.")
        }
    }

    /// The refusal to remove or demote the last administrator of a study.
    public static func lastAdministrator(studyID: Int64, userID: Int64) -> StoreError {
        StoreError(
            .conflict,
            "User \(userID) is the last administrator of study \(studyID); make another member an administrator first.",
            fr: "L’utilisateur \(userID) est le dernier administrateur de l’étude \(studyID) ; nommez d’abord un autre membre administrateur.")
    }

    /// The refusal to remove a membership that does not exist.
    public static func notMember(studyID: Int64, userID: Int64) -> StoreError {
        StoreError(
            .notFound, "User \(userID) is not a member of study \(studyID); list the members first.",
            fr: "L’utilisateur \(userID) n’est pas membre de l’étude \(studyID) ; consultez d’abord la liste des membres.")
    }

    /// A membership whose stored role is none of ``StudyRole``.
    public static func unknownRole(_ raw: String, studyID: Int64, userID: Int64) -> StoreError {
        StoreError(
            .database, "Study \(studyID) gives user \(userID) an unknown role '\(raw)'; set the membership again.",
            fr: "L’étude \(studyID) donne à l’utilisateur \(userID) un rôle inconnu « \(raw) » ; redéfinissez son rôle.")
    }

    /// The refusal to revoke a token that is not the user's.
    public static func noSuchToken(_ tokenID: Int64, userID: Int64) -> StoreError {
        StoreError(
            .notFound, "User \(userID) has no token \(tokenID); list the user's tokens first.",
            fr: "L’utilisateur \(userID) n’a pas de jeton \(tokenID) ; consultez d’abord la liste de ses jetons.")
    }

    /// A job to queue: a kind, and at least one attempt.
    public static func job(kind: String, maxAttempts: Int) throws(StoreError) {
        guard !kind.isEmpty else {
            throw StoreError(
                .invalidInput, "A job needs a kind (for example \"transcribe\").",
                fr: "Une tâche a besoin d’un type (par exemple « transcribe »).")
        }
        guard maxAttempts > 0 else {
            throw StoreError(
                .invalidInput, "maxAttempts is \(maxAttempts); allow at least 1 attempt.",
                fr: "maxAttempts vaut \(maxAttempts) ; autorisez au moins 1 tentative.")
        }
    }

    /// A job lease: a positive number of seconds.
    public static func lease(_ lease: Double) throws(StoreError) {
        guard lease > 0 else {
            throw StoreError(.invalidInput, "The lease must be positive, in seconds.", fr: "Le bail doit être positif, en secondes.")
        }
    }

    /// Why `worker` may no longer act on job `jobID`, given the job as stored now (`nil`: deleted).
    public static func leaseLost(jobID: Int64, worker: String, job: Job?) -> StoreError {
        guard let job else {
            // Erasure deletes the jobs of the recordings it deletes: the worker must stop, not retry.
            return StoreError(
                .leaseLost, "Job \(jobID) no longer exists (its recording was erased); stop working on it.",
                fr: "La tâche \(jobID) n’existe plus (son enregistrement a été effacé) ; arrêtez de la traiter.")
        }
        if job.state == .cancelled {
            return StoreError(
                .leaseLost, "Job \(jobID) was cancelled; stop working on it.",
                fr: "La tâche \(jobID) a été annulée ; arrêtez de la traiter.")
        }
        return StoreError(
            .leaseLost,
            "Worker \(worker) no longer holds job \(jobID) (state \(job.state.rawValue), owner \(job.leaseOwner ?? "none")); "
                + "its lease expired and the result must be discarded.",
            fr: "Le processus \(worker) ne détient plus la tâche \(jobID) (état \(job.state.rawValue), détenteur \(job.leaseOwner ?? "aucun")) ; son bail a expiré et le résultat doit être abandonné.")
    }

    /// The refusal to cancel a job that has finished.
    public static func notCancellable(_ job: Job) -> StoreError {
        StoreError(
            .conflict, "Job \(job.id ?? 0) is \(job.state.rawValue) already and cannot be cancelled.",
            fr: "La tâche \(job.id ?? 0) est déjà dans l’état \(job.state.rawValue) et ne peut plus être annulée.")
    }

    /// A transcript to store: segments without line breaks, with finite times, start ≤ end.
    public static func transcript(_ input: TranscriptInput) throws(StoreError) {
        for (index, segment) in input.segments.enumerated() {
            guard !segment.text.contains(where: \.isNewline) else {
                throw StoreError(
                    .invalidInput, "Segment \(index) contains a line break; split it into two segments.",
                    fr: "Le segment \(index) contient un saut de ligne ; coupez-le en deux segments.")
            }
            guard segment.start.isFinite, segment.end.isFinite, segment.start >= 0, segment.end >= segment.start else {
                throw StoreError(
                    .invalidInput, "Segment \(index) has times \(segment.start)–\(segment.end) s; start must be ≥ 0 and ≤ end.",
                    fr: "Le segment \(index) va de \(segment.start) à \(segment.end) s ; le début doit être ≥ 0 et ≤ à la fin.")
            }
        }
    }

    /// A pseudonym to store (``Participant/isValidPseudonym(_:)``).
    public static func pseudonym(_ pseudonym: String) throws(StoreError) {
        guard Participant.isValidPseudonym(pseudonym) else {
            throw StoreError(
                .invalidInput,
                "\"\(pseudonym)\" is not a valid pseudonym: use 1–32 letters, digits, '-' or '_' (for example P-014), never a name.", fr: "« \(pseudonym) » n’est pas un pseudonyme valide : utilisez de 1 à 32 lettres, chiffres, « - » ou « _ » (par exemple P-014), jamais un nom.")
        }
    }

    /// A case variable to store: a name, and a name and value within ``TextLimits``.
    public static func attribute(name: String, value: String) throws(StoreError) {
        guard !name.isEmpty else { throw StoreError(.invalidInput, "An attribute needs a name (for example \"age band\").", fr: "Un attribut a besoin d’un nom (par exemple « tranche d’âge »).") }
        try TextLimits.check(name, limit: TextLimits.attributeName, "attribute name")
        try TextLimits.check(value, limit: TextLimits.attributeValue, "attribute value")
    }

    /// The refusal to remove a case variable the participant does not have.
    public static func noSuchAttribute(participantID: Int64, name: String) -> StoreError {
        StoreError(
            .notFound, "Participant \(participantID) has no attribute \"\(name)\"; list the participant's attributes first.",
            fr: "Le participant \(participantID) n’a pas d’attribut « \(name) » ; consultez d’abord ses attributs.")
    }

    /// The refusal to store a second recording of a file the study has already.
    public static func duplicateRecording(studyID: Int64, existing: Recording) -> StoreError {
        StoreError(
            .conflict,
            "Study \(studyID) has recording \(existing.id ?? 0) (\"\(existing.title)\") of this file already; use that recording.", fr: "L’étude \(studyID) a déjà l’enregistrement \(existing.id ?? 0) (« \(existing.title) ») de ce fichier ; utilisez-le."
        )
    }

    /// The refusal to link a participant to a recording of another study.
    public static func participantInOtherStudy(participantID: Int64, recordingID: Int64) -> StoreError {
        StoreError(.invalidInput, "Participant \(participantID) belongs to another study than recording \(recordingID).", fr: "Le participant \(participantID) appartient à une autre étude que l’enregistrement \(recordingID).")
    }

    /// A recording's clock to store: finite offset and start.
    public static func recordingSync(_ sync: RecordingSync) throws(StoreError) {
        guard sync.offset.isFinite, sync.wallClockStart.map({ $0.timeIntervalSince1970.isFinite }) ?? true else {
            throw StoreError(.invalidInput, "The offset and start of a recording's clock must be finite numbers.", fr: "Le décalage et le début de l’horloge d’un enregistrement doivent être des nombres finis.")
        }
    }

    /// A speaker label to store, trimmed: 1 to 64 characters on one line.
    public static func speakerLabel(_ label: String) throws(StoreError) -> String {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty, label.count <= 64, !label.contains(where: \.isNewline) else {
            throw StoreError(.invalidInput, "A speaker label must be 1 to 64 characters on one line.", fr: "Le nom d’un locuteur doit compter de 1 à 64 caractères, sur une ligne.")
        }
        return label
    }

    /// The refusal to give a speaker a label another speaker of the recording has.
    public static func speakerLabelTaken(_ label: String) -> StoreError {
        StoreError(.conflict, "The recording already has a speaker labelled \"\(label)\"; choose another label.", fr: "L’enregistrement a déjà un locuteur nommé « \(label) » ; choisissez un autre nom.")
    }

    /// Operations to apply to a transcript: at least one.
    public static func operations(_ operations: [TranscriptOperation]) throws(StoreError) {
        guard !operations.isEmpty else {
            throw StoreError(.invalidInput, "Send at least one operation.", fr: "Envoyez au moins une opération.")
        }
    }

    /// The refusal of a search query without words.
    public static func emptySearch(_ query: String) -> StoreError {
        StoreError(
            .invalidInput, "The search query \"\(query)\" has no words; type at least one word.",
            fr: "La recherche « \(query) » ne contient aucun mot ; tapez au moins un mot.")
    }
}
