import Foundation

extension StoreInputChecks {
    /// A code to store: a name within ``TextLimits/title`` and a colour `#RRGGBB`.
    public static func code(name: String, color: String) throws(StoreError) {
        guard Code.isValidColor(color) else {
            throw StoreError(
                .invalidInput, "Colour \"\(color)\" is not of the form #RRGGBB (for example #1F77B4).",
                fr: "La couleur « \(color) » n’est pas de la forme #RRVVBB (par exemple #1F77B4).")
        }
        guard !name.isEmpty else { throw StoreError(.invalidInput, "A code needs a name.", fr: "Un code doit avoir un nom.") }
        try TextLimits.check(name, limit: TextLimits.title, "code name")
    }

    /// The refusal to update a code without an id.
    public static let codeWithoutID = StoreError(
        .invalidInput, "The code to update has no id; fetch it from the store first.",
        fr: "Le code à modifier n’a pas d’identifiant ; lisez-le d’abord dans la base.")

    /// The refusal of a parent code of another study.
    public static func parentInOtherStudy(_ parentID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Parent code \(parentID) belongs to another study.",
            fr: "Le code parent \(parentID) appartient à une autre étude.")
    }

    /// The refusal to move a code under itself or one of its sub-codes.
    public static func codeUnderItself(_ id: Int64, parentID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Code \(id) cannot move under itself or its own sub-code \(parentID).",
            fr: "Le code \(id) ne peut pas être placé sous lui-même ni sous l’un de ses sous-codes (\(parentID)).")
    }

    /// The refusal of a new parent that is missing or in another study.
    public static func parentMissing(_ parentID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Parent code \(parentID) does not exist in the same study.",
            fr: "Le code parent \(parentID) n’existe pas dans la même étude.")
    }

    /// A codebook to import: every entry named within limits, with a colour `#RRGGBB`.
    public static func codebook(_ entries: [CodebookEntry]) throws(StoreError) {
        for entry in entries {
            guard !entry.name.isEmpty else {
                throw StoreError(.invalidInput, "A codebook entry has no name.", fr: "Une entrée du livre de codes n’a pas de nom.")
            }
            try TextLimits.check(entry.name, limit: TextLimits.title, "code name")
            guard Code.isValidColor(entry.color) else {
                throw StoreError(
                    .invalidInput, "Code \(entry.name) has colour \(entry.color); use #RRGGBB.",
                    fr: "Le code \(entry.name) a la couleur \(entry.color) ; utilisez #RRVVBB.")
            }
            try codebook(entry.children)
        }
    }

    /// A span to code: within the transcript's `length` characters, not empty.
    public static func codingSpan(charStart: Int, charEnd: Int, transcriptID: Int64, length: Int) throws(StoreError) {
        guard charStart >= 0, charEnd > charStart, charEnd <= length else {
            throw StoreError(
                .invalidInput,
                "Span \(charStart)..<\(charEnd) is outside transcript \(transcriptID) (0..<\(length)); select text within it.",
                fr: "Le passage \(charStart)..<\(charEnd) sort de la transcription \(transcriptID) (0..<\(length)) ; sélectionnez du texte à l’intérieur.")
        }
    }

    /// The refusal of a code of another study than the transcript.
    public static func codeInOtherStudy(_ codeID: Int64, transcriptID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Code \(codeID) belongs to another study than transcript \(transcriptID).",
            fr: "Le code \(codeID) appartient à une autre étude que la transcription \(transcriptID).")
    }

    /// The refusal to merge codes of two studies.
    public static func mergeAcrossStudies(_ sourceID: Int64, into targetID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Code \(targetID) belongs to another study than code \(sourceID); merge codes of one codebook.",
            fr: "Le code \(targetID) appartient à une autre étude que le code \(sourceID) ; fusionnez des codes d’un même livre de codes.")
    }

    /// The refusal to merge a code into itself or a sub-code.
    public static func mergeIntoItself(_ sourceID: Int64, into targetID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Code \(sourceID) cannot be merged into itself or into one of its own sub-codes (\(targetID)).",
            fr: "Le code \(sourceID) ne peut pas être fusionné avec lui-même ni avec l’un de ses sous-codes (\(targetID)).")
    }

    /// The refusal to reopen a coding that was not marked done.
    public static func nothingToReopen(transcriptID: Int64, coderID: Int64) -> StoreError {
        StoreError(
            .notFound, "Coder \(coderID) has not marked transcript \(transcriptID) as done; there is nothing to reopen.",
            fr: "Le codeur \(coderID) n’a pas marqué la transcription \(transcriptID) comme terminée ; il n’y a rien à rouvrir.")
    }

    /// The refusal of a consensus unit that is not a segment of the version.
    public static func noSuchUnit(_ unitIndex: Int, transcriptID: Int64, segments: Int) -> StoreError {
        StoreError(
            .invalidInput,
            "Unit \(unitIndex) is not a segment of transcript \(transcriptID) (0..<\(segments)); take it from the list of disagreements.",
            fr: "L’unité \(unitIndex) n’est pas un segment de la transcription \(transcriptID) (0..<\(segments)) ; prenez-la dans la liste des désaccords.")
    }

    /// The refusal of a consensus code outside the study's codebook.
    public static func codeNotInCodebook(_ codeID: Int64) -> StoreError {
        StoreError(
            .invalidInput, "Code \(codeID) is not in this study's codebook.",
            fr: "Le code \(codeID) n’est pas dans la grille de codage de cette étude.")
    }
}
