import Foundation

/// The French words for what messages name: the kinds of objects (`recording` → « l’enregistrement »)
/// and the actions a role allows (`edit transcripts` → « modifier les transcriptions »), so that
/// messages built from these words exist in French too.
public enum FrenchTerms {
    /// An object kind (lower-case English, as messages name it) with its French article, or the
    /// English word when none is known (a test checks that every kind the code names has one).
    public static func object(_ english: String) -> String {
        objects[english.lowercased()] ?? english
    }

    /// `object(_:)` with a capital first letter, to start a sentence.
    public static func capitalizedObject(_ english: String) -> String {
        let french = object(english)
        return french.prefix(1).uppercased() + french.dropFirst()
    }

    /// An action (an English infinitive phrase such as `edit transcripts`) in French, or the
    /// English phrase when none is known.
    public static func action(_ english: String) -> String {
        actions[english] ?? english
    }

    /// The object kinds messages name.
    public static let objects: [String: String] = [
        "biometric stream": "le flux biométrique", "code": "le code", "coding": "le codage", "job": "la tâche",
        "marker": "le marqueur", "memo": "le mémo", "participant": "le participant", "recording": "l’enregistrement",
        "speaker": "le locuteur", "study": "l’étude", "transcript": "la transcription", "user": "l’utilisateur",
        "token": "le jeton", "member": "le membre", "session": "la session", "attribute": "l’attribut",
        "capture": "l’enregistrement en cours", "redaction": "le passage à pseudonymiser",
    ]

    /// The actions roles allow, as routes name them.
    public static let actions: [String: String] = [
        "read wearable data": "lire les données des capteurs", "read transcripts": "lire les transcriptions",
        "read recordings": "lire les enregistrements", "play recordings": "écouter les enregistrements",
        "erase participants": "effacer des participants", "edit transcripts": "modifier les transcriptions",
        "change the members of this study": "changer les membres de cette étude", "write memos": "écrire des mémos",
        "verify the audit log": "vérifier le journal d’audit", "validate transcripts": "valider les transcriptions",
        "upload recordings": "déposer des enregistrements", "start transcriptions": "lancer des transcriptions",
        "set a recording's clock": "régler l’horloge d’un enregistrement", "search transcripts": "chercher dans les transcriptions",
        "revoke another user's tokens": "révoquer les jetons d’une autre personne", "retry jobs": "relancer des tâches",
        "remove codings": "supprimer des codages", "read this study": "lire cette étude", "read the codebook": "lire le livre de codes",
        "read the audit log": "lire le journal d’audit", "read speakers": "lire les locuteurs", "read participants": "lire les participants",
        "read memos": "lire les mémos", "read jobs": "lire les tâches", "read codings": "lire les codages",
        "read agreement reports": "lire les rapports d’accord", "read a recording's clock": "lire l’horloge d’un enregistrement",
        "list the members of this study": "lister les membres de cette étude", "list recordings": "lister les enregistrements",
        "list participants": "lister les participants", "list jobs": "lister les tâches",
        "list another user's tokens": "lister les jetons d’une autre personne", "link participants": "lier des participants",
        "import wearable data": "importer des données de capteurs", "identify speakers": "identifier les locuteurs",
        "follow jobs": "suivre les tâches", "export the study": "exporter l’étude", "edit the codebook": "modifier le livre de codes",
        "edit participant attributes": "modifier les attributs des participants", "create users": "créer des utilisateurs",
        "create studies": "créer des études", "code transcripts": "coder les transcriptions", "cancel jobs": "annuler des tâches",
        "add participants": "ajouter des participants",
        "change the settings of this study": "changer les réglages de cette étude", "deactivate users": "désactiver des utilisateurs",
        "decide the consensus": "décider du consensus", "delete recordings": "supprimer des enregistrements", "list users": "lister les utilisateurs",
        "mark coding as done": "marquer le codage comme terminé", "read disagreements": "lire les désaccords",
        "read the code × case matrix": "lire la matrice codes × cas", "reopen a coder's coding": "rouvrir le codage d’un codeur",
        "reset passwords": "réinitialiser des mots de passe", "retrieve coded segments": "retrouver les segments codés",
        "record interviews": "enregistrer des entretiens",
        "review pseudonymisation": "relire la pseudonymisation", "read pseudonymised transcripts": "lire les transcriptions pseudonymisées",
        "read the retention schedule of this study": "lire le calendrier de conservation de cette étude",
        "change the retention rule of this study": "changer la règle de conservation de cette étude",
        "apply the retention rule of this study": "appliquer la règle de conservation de cette étude",
        "set real identities": "saisir des identités réelles", "read real identities": "lire des identités réelles",
        "delete real identities": "supprimer des identités réelles",
    ]
}
