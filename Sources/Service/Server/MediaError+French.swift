import Media

extension MediaError {
    /// ``description`` in French, for the pages: the file, the problem and the remedy.
    var frenchDescription: String {
        let reason: String
        switch kind {
        case .fileNotFound:
            reason = "fichier introuvable ; vérifiez le chemin"
        case .notMediaFile:
            reason = "ce n’est pas un fichier audio ou vidéo lisible par FFmpeg ; déposez un enregistrement (WAV, FLAC, MP3, OGG, Opus, M4A, MP4…)"
        case .noAudioStream:
            reason = "le fichier ne contient aucun flux audio ; déposez l’enregistrement avec sa piste son"
        case .streamNotFound(let index):
            reason = "le flux \(index) n’existe pas ou n’est pas audio ; `verbatim probe` liste les flux audio"
        case .unsupportedCodec(let codec):
            reason = "le codec audio « \(codec) » n’est pas décodable par cette version de FFmpeg ; convertissez d’abord le fichier en WAV ou FLAC"
        case .incompleteFile:
            reason = "le fichier est incomplet (son index manque, comme après un dépôt interrompu) ; déposez à nouveau le fichier complet"
        case .io:
            reason = "le fichier n’a pas pu être lu ou écrit ; vérifiez les droits et l’espace disque"
        case .decodingFailed:
            reason = "le décodage a échoué"
        case .unsupportedOutputFormat(let format):
            reason = "impossible d’écrire « \(format) » ; écrivez un .wav (float32 ou 16 bits) ou un .flac (16 ou 24 bits)"
        case .incompatibleParts:
            reason = "les parties de l’enregistrement portent des flux différents et ne peuvent être jointes ; enregistrez de nouveau avec les mêmes réglages de micro et de caméra"
        }
        return detail.isEmpty ? "\(path) : \(reason)" : "\(path) : \(reason) (\(detail))"
    }
}
