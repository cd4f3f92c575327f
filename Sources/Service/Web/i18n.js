// Interface strings in English and French. French is chosen when the browser prefers it
// (navigator.languages) unless the user picked a language with the switch (kept in localStorage).

const strings = {
  en: {
    // Transcript editing (issue 17).
    splitAtCursor: 'Split at the cursor', mergeWithNext: 'Merge with the next segment', segmentEnd: 'Ends at (s)',
    segmentEndHelp: 'Moves the boundary with the next segment; this one starts at {start}.',
    changesSaved: 'Changes saved in version {n}.', codingsLeftBehind: '{n} coding(s) whose whole text was removed stay on version {v}.',
    playbackSpeed: 'Speed', rewindOnPause: 'Replay on resume', rewindNone: 'nothing', rewindSeconds: '{n} s',
    validatedVersion: 'This version is validated.', draftVersion: 'This version is a draft.', reopenDraft: 'Back to draft',
    markValidated: 'Mark as validated', reviewTools: 'Review', findReplace: 'Find and replace', findText: 'Find', replaceWith: 'Replace with',
    matchCase: 'Match case', wholeWord: 'Whole words', replaceAll: 'Replace everywhere', segmentsMatching: '{n} segment(s) contain it.',
    nothingToReplace: 'No segment contains this text.', replacedIn: 'Replaced in {n} segment(s).', speakersAuto: 'Detect',
    speakerCount: 'Number of speakers', rerunPrompt: 'Words to expect (names, terms)', transcribeAgain: 'Transcribe again',
    rerunPromptHelp: 'Given to the engine as context: spellings of names and technical terms.',
    rerunQueued: 'Transcription job {id} queued: the new version appears when it is done; your corrections and codings stay.',
    add: 'Add', administrator: 'administrator',
    flag_repetition: 'repeated words (the engine may have looped)', flag_lowConfidence: 'low confidence',
    flag_textInSilence: 'text where the recording is silent', flag_otherLanguage: 'another language', flag_unsureWords: 'many uncertain words', flag_needsReview: 'needs review',
    flag_flagged: 'flagged', agreement: 'Agreement between coders',
    agreementForbidden: 'Only the study’s administrators and researchers can read agreement reports.',
    agreementNeedsTwo: 'Kappa needs exactly two coders; alpha needs at least two.',
    agreementSummary: '{coders} coder(s), {units} unit(s).', allCoders: 'All coders', allCodes: 'All codes', apiToken: 'API token',
    appName: 'Verbatim', backToStudies: 'Back to the studies', backToStudy: 'Back to the study', biometrics: 'Heart rate and skin conductance',
    biometricsTitle: 'Biometric signals over the recording', breadcrumbs: 'Breadcrumbs', cancel: 'Cancel', code: 'Code', codeName: 'Code name',
    codeNameNeeded: 'Give the new code a name.', codeSelection: 'Code the selection', codebook: 'Codebook', codedUnits: 'Coded units',
    coderN: 'Coder {id}', coding: 'Coding', codingAdded: 'Coded as “{code}”.', codingRemoved: 'Coding removed.', codings: 'Codings',
    colour: 'Colour', computeAgreement: 'Compute', computing: 'Computing…', correct: 'Correct', correctSegment: 'Correct segment {n}',
    createStudy: 'Create the study', download: 'Download', downloaded: 'Saved {name} ({size} KB).', duration: 'Duration', eda: 'EDA',
    editHelp: 'Ctrl+Enter saves a new version; Esc cancels.', exportRecording: 'Export this recording', exportStudy: 'Export the study',
    filterCode: 'Code', filterCoder: 'Coder', filters: 'Filter the codings', flagged: 'flagged', followPlayback: 'Follow playback', format: 'Format',
    heartRate: 'Heart rate', heartRateShort: 'HR', edaShort: 'EDA', humanEdit: 'correction', interviewer: 'Interviewer',
    job_cancelled: 'Cancelled', job_failed: 'Failed', job_queued: 'Waiting', job_running: 'Transcribing', job_succeeded: 'Transcribed',
    jobFinished: '{title}: {state}.', language: 'Language', languageAuto: 'Detect automatically', meCoder: '{name} (me)', mediaFile: 'Audio or video file',
    memo: 'Memo', memoOnCoding: 'Memo on the coding {label}', memoOnSegment: 'Memo on segment {n}', memoSaved: 'Memo saved.', memoText: 'Memo',
    lastStudyAdmin: 'The study’s last administrator cannot be removed: first give another member the administrator role.',
    memberRemoved: '{name} was removed from the study.', members: 'Members',
    memos: 'Memos', needsReview: 'needs review', newCodeName: 'New code', newCodeOption: 'New code…', newSpeakerLabel: 'New speaker’s label',
    newSpeakerOption: 'New speaker…', newStudy: 'New study', nextToReview: 'Next to review', noCodes: 'No codes yet.', noCodings: 'No codings.',
    noData: 'no data', noMemos: 'No memos yet.', noParticipants: 'No participants yet.', noRecordings: 'No recordings yet.', noSpeaker: 'No speaker',
    noSpeakers: 'No speakers.', noStudies: 'You are not a member of any study yet.',
    notTranscribed: 'Not transcribed yet', noTranscript: 'This recording has no transcript yet: its transcription is waiting or running (see the study page).',
    notFound: 'Page not found', notLinked: 'Not linked', observed: 'Observed', openTranscript: 'Open the transcript', overall: 'All codes',
    participant: 'Participant', participants: 'Participants', perTurnFigures: 'Mean per speaker turn', perTurnTable: 'Figures per turn',
    playFrom: 'Play from {time}', player: 'Player: {title}', position: 'Position', preparing: 'Preparing…', pseudonym: 'Pseudonym',
    pseudonymHelp: 'A pseudonym such as P-014, never a real name.', recordings: 'Recordings', remove: 'Remove', save: 'Save',
    confirmRemoveMember: 'Remove {name} from “{study}”? They lose access to the study at once; their codings stay.',
    removeMember: 'Remove from the study', removeMemberLabel: 'Remove {name} from the study',
    role_admin: 'administrator', role_coder: 'coder', role_researcher: 'researcher', userN: 'User {id}',
    saveMemo: 'Save the memo', saveVersion: 'Save as a new version', segmentCount: 'segments: {n}', segmentN: 'Segment {n}',
    segmentText: 'Segment text', segmentsToReview: '{n} segment(s) flagged for review', selectToCode: 'Select words in the transcript to code them.',
    selectionIs: 'Selected: “{text}”', shortcutCancel: 'cancel a correction', shortcutForward: 'forward 5 s (outside text fields)',
    shortcutPlayPause: 'play or pause (anywhere)', shortcutPlayPauseOutside: 'play or pause (outside text fields)',
    shortcutRewind: 'rewind 5 s (outside text fields)', shortcutSave: 'save a correction', shortcuts: 'Keyboard shortcuts', show: 'Show',
    signIn: 'Sign in', signOut: 'Sign out', skipToContent: 'Skip to content', speaker: 'Speaker', speakerLabel: 'Label',
    speakerSaved: 'Speaker saved.', speakers: 'Speakers', spokenLanguage: 'Spoken language', status_draft: 'draft', status_reviewed: 'validated',
    studies: 'Studies', studyDetails: 'Description', studyName: 'Name', title: 'Title', toReview: 'To review:',
    tokenHelp: 'Your administrator gives you this token (verbatim admin create-user). It is kept in this tab only.',
    tokenRefused: 'This token is not valid. Check it with your administrator.', transcribe: 'Transcribe', transcript: 'Transcript',
    transcription: 'Transcription', transcriptionProgress: 'Transcription of {title}', turn: 'Turn',
    turnFigures: '{name}: mean {mean} (min {min}, max {max}) {unit}', turnMean: '{name}: mean {mean} {unit}', scrCount: '{n} skin conductance responses', unit: 'Unit', unitCharacters: 'characters', unitSegments: 'segments',
    unknownSpeaker: 'Unknown speaker', upload: 'Upload and transcribe', uploadProgress: 'Upload progress', uploadRecording: 'Upload a recording',
    uploaded: 'Uploaded “{title}”; transcription queued.', uploading: 'Uploading…', version: 'Version',
    versionOption: 'v{n} · {engine} · {status}', versionSaved: 'Version {n} saved.',
    // Blind double coding, names, disagreements and consensus (issue 17, coding piece).
    agreementCoders: 'Coders: {names}', applyChosen: 'Apply this code', blindCoding: 'Blind double coding',
    blindCodingHelp: 'A coder sees only their own codings of a transcript until they mark their coding as finished.',
    blindNames: 'Blind names', blindNamesHelp: 'Coders see other people as “Coder N” (numbered by user id).',
    blindNotice: 'Blind coding: you see only your own codings until you mark your coding as finished.',
    blindingSaved: 'Double-coding settings saved.', chosenCode: 'Or a chosen code', coderDone: 'finished on {date}',
    coderNotDone: 'still coding', codingDoneAt: 'You finished coding on {date}.', codingMarkedDone: 'Your coding is marked as finished.',
    codingReopened: 'The coding of {name} is reopened.', consensus: 'Consensus', consensusDecision: 'Consensus decision',
    consensusSaved: 'Consensus saved.', disagreementN: 'Disagreement {n} of {total} · units compared: {units}', disagreements: 'Disagreements',
    disagreementsClosed: 'The disagreements open once every coder of this transcript has marked their coding as finished.',
    doubleCoding: 'Double coding', finishCoding: 'I have finished coding', keepAll: 'Keep all', keepCodesOf: 'Keep {name}’s',
    keepNone: 'Keep none', memoByline: '{author} · {date}', next: 'Next', noCode: 'no code',
    noDisagreements: 'The coders agree on every unit.', playSpan: 'Play {start}–{end}', previous: 'Previous',
    reopenCoding: 'Reopen', reopenCodingOf: 'Reopen the coding of {name}', undecided: 'not decided yet', unknownAuthor: 'former member',
    // Issue 17, retrieval piece: search, coded segments, matrix, codebook, participants, recording deletion.
    actions: 'Actions', addCode: 'Add a code', allParticipants: 'All participants', anyValue: 'any value',
    attributeName: 'Attribute', attributeRemoved: 'Attribute “{name}” removed.', attributeSaved: 'Attribute “{name}” saved.',
    attributeValue: 'Value', caseAttributes: 'Case attributes',
    cellLabel: '{n} segment(s), {chars} characters coded “{code}” for {participant}: show them',
    cellSegments: 'Segments coded “{code}” for {participant}', codeDeleted: 'Code “{name}” deleted with {codings} coding(s) and {subcodes} sub-code(s).',
    codeMatrix: 'Code × case matrix', codeSaved: 'Code “{name}” saved.', codeSegments: 'Every segment coded “{code}”',
    codebookImported: 'Codebook imported: {n} new code(s).', codedBy: 'coded by {name}', codedSegmentCount: '{n} coded segment(s).',
    codedSegments: 'Coded segments', coder: 'Coder', codes: 'Codes', definition: 'Definition', delete: 'Delete',
    deleteCode: 'Delete the code “{name}”', deleteCodePlan: 'Delete “{name}”? {codings} coding(s), {subcodes} sub-code(s) and {memos} memo(s) go with it. This cannot be undone.',
    deleteConfirm: 'Yes, delete', deleteReason: 'Reason (kept in the audit log)', deleteReasonExample: 'erasure request of the participant',
    deleteRecording: 'Delete this recording…', deleteRecordingHelp: 'For an erasure request about this interview: the media file, every transcript version, the codings and memos on them and the jobs go; the participants stay.',
    deleteRecordingPlan: 'Delete “{title}”? {transcripts} transcript version(s) with {segments} segment(s), {codings} coding(s), {memos} memo(s), {jobs} job(s), {links} participant link(s) and the media file go. This cannot be undone.',
    deleteRecordingTitle: 'Delete the recording', edit: 'Edit', editCode: 'Edit the code “{name}”', exportCodebook: 'Download the codebook (.qdc)',
    importCodebook: 'Import', link: 'Link', manageCodebook: 'Edit, merge and delete codes', matrixEmpty: 'No codes or no participants yet.',
    matrixHelp: 'Each cell counts the coded segments of a code in a participant’s speech; choose a cell to read them.',
    merge: 'Merge', mergeCode: 'Merge the code “{name}” into another', mergeDone: '“{name}” merged into “{into}”: {moved} coding(s) moved, {collapsed} duplicate(s) collapsed.',
    mergeHelp: 'Every coding of “{name}” moves to the chosen code (the same coder’s duplicate on the same span becomes one), its sub-codes move under it, and “{name}” is deleted.',
    mergeInto: 'Merge into', mergeNoTarget: 'There is no other code to merge into.', noAttributes: 'No attributes yet.',
    noCodedSegments: 'No coded segment matches.', noLinkedParticipants: 'No participant linked yet.', noLinkedRecordings: 'Not linked to any recording yet.',
    parentCode: 'Parent', participantLinked: '{pseudonym} linked.', playSegmentAt: 'Play “{title}” from {time}', qdcFile: 'REFI-QDA codebook (.qdc)',
    qdcHelp: 'Exchange the codebook with MAXQDA, NVivo, ATLAS.ti or QualCoder. An imported code named like an existing one under the same parent is reused.',
    readCodebook: 'Read the codebook', recordingDeleted: '“{title}” deleted.', recordingN: 'Recording {id}', recordingParticipants: 'Participants in this recording',
    refiCodebook: 'Exchange (REFI-QDA)', removeAttribute: 'Remove the attribute “{name}”', results: 'Results', roleCaregiver: 'caregiver',
    roleInRecording: 'Role', roleInterviewee: 'interviewee', roleInterviewer: 'interviewer', saveAttribute: 'Save the attribute “{name}”',
    search: 'Search', searchCount: '{n} result(s).', searchHelp: 'Accents and capitals do not matter, and a word also finds the longer words it begins: “eleve” finds “élèves”. Every word must occur.',
    searchIn: 'Search in {name}', searchWords: 'Words', sensitive: 'Sensitive',
    sensitiveHelp: 'Sensitive attributes (health, for example) are never shown to coders.', speakerIs: 'speaker {label}',
    studyOverview: 'Overview', studyPages: 'Study pages', topLevel: '(top level)', total: 'Total', valueOf: 'Value of {name}',
    withSubcodes: 'with its sub-codes', withoutCase: 'No case',

    // people (issue 17): password sign-in, users, study membership
    email: 'E-mail address', password: 'Password', signInFailed: 'The e-mail address or the password is wrong. After 5 failures the account is locked for 15 minutes.',
    signInWithToken: 'Sign in with the token', useApiToken: 'Use an API token (for scripts)',
    changePassword: 'Change password', mustChangePassword: 'An administrator set your password: choose your own before going on.',
    currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'New password again',
    passwordRules: 'At least 10 characters (a few words make a good one), not your name or e-mail address.',
    passwordsDiffer: 'The two new passwords differ.', passwordChanged: 'Your password was changed.',
    users: 'Users', usersAdminsOnly: 'Only installation administrators manage users.', userAccounts: 'Accounts',
    passwordShownOnce: 'Password for {name}, shown only now: give it to them safely. They choose their own at their first sign-in.',
    deactivated: 'deactivated', noPassword: 'no password (API token only)', mustChangeShort: 'must change the password', lockedOut: 'locked after failed passwords',
    resetPassword: 'Reset the password', resetPasswordLabel: 'Reset the password of {name}',
    confirmResetPassword: 'Reset the password of {name}? Their open sessions end and they must choose a new password at their next sign-in.',
    deactivate: 'Deactivate', reactivate: 'Reactivate', deactivateLabel: 'Deactivate {name}', reactivateLabel: 'Reactivate {name}',
    confirmDeactivate: 'Deactivate {name}? Their sessions end and their API tokens are revoked at once.',
    userDeactivated: '{name} was deactivated.', userReactivated: '{name} was reactivated.',
    newUser: 'New user', userName: 'Name', initialPassword: 'Initial password', generatePassword: 'Generate a password (shown once)',
    makeAdministrator: 'Installation administrator', createUser: 'Create the user', passwordOrGenerate: 'Give a password, or tick “Generate a password”.',
    userCreated: '{name} was created.', changeRole: 'Change the role', changeRoleLabel: 'Change the role of {name}', roleOf: 'Role of {name}',
    roleChanged: '{name} is now {role}.', memberEmail: 'E-mail address of a user', role: 'Role', addMember: 'Add to the study',
    memberAdded: '{name} was added as {role}.',
    // Exports (issue 17, exports piece)
    exportBlindCoders: 'Name coders “Coder 1”, “Coder 2”…', exportFormatDocx: 'Word (.docx)', exportFormatEafMedia: 'ELAN with its media (.zip)',
    exportStudyHelp: 'For a study with several recordings, TXT, SRT, WebVTT, Word and ELAN give a ZIP with one file per recording.',
    // Resumable uploads (issue 18, tus piece)
    uploadOffline: 'The connection to the server was lost.', uploadExpired: 'The interrupted upload is no longer on the server; upload the file again.',
    uploadRetrying: 'Connection lost; the upload resumes by itself (next try in {seconds} s)…', uploadResuming: 'Resuming the earlier upload of this file ({percent} % already sent)…',
  },
  fr: {
    // Transcript editing (issue 17).
    splitAtCursor: 'Couper au curseur', mergeWithNext: 'Fusionner avec le segment suivant', segmentEnd: 'Se termine à (s)',
    segmentEndHelp: 'Déplace la frontière avec le segment suivant ; celui-ci commence à {start}.',
    changesSaved: 'Modifications enregistrées dans la version {n}.', codingsLeftBehind: '{n} codage(s) dont tout le texte a été supprimé restent sur la version {v}.',
    playbackSpeed: 'Vitesse', rewindOnPause: 'Réécouter à la reprise', rewindNone: 'rien', rewindSeconds: '{n} s',
    validatedVersion: 'Cette version est validée.', draftVersion: 'Cette version est un brouillon.', reopenDraft: 'Repasser en brouillon',
    markValidated: 'Marquer comme validée', reviewTools: 'Relecture', findReplace: 'Rechercher et remplacer', findText: 'Rechercher', replaceWith: 'Remplacer par',
    matchCase: 'Respecter la casse', wholeWord: 'Mots entiers', replaceAll: 'Remplacer partout', segmentsMatching: '{n} segment(s) le contiennent.',
    nothingToReplace: 'Aucun segment ne contient ce texte.', replacedIn: 'Remplacé dans {n} segment(s).', speakersAuto: 'Détecter',
    speakerCount: 'Nombre de locuteurs', rerunPrompt: 'Mots attendus (noms, termes)', transcribeAgain: 'Transcrire à nouveau',
    rerunPromptHelp: 'Donnés au moteur comme contexte : orthographe des noms et des termes techniques.',
    rerunQueued: 'Tâche de transcription {id} en attente : la nouvelle version apparaîtra une fois terminée ; vos corrections et codages restent.',
    add: 'Ajouter', administrator: 'administrateur',
    flag_repetition: 'mots répétés (le moteur a pu boucler)', flag_lowConfidence: 'confiance faible',
    flag_textInSilence: 'texte sur un passage silencieux', flag_otherLanguage: 'autre langue', flag_unsureWords: 'beaucoup de mots incertains', flag_needsReview: 'à vérifier',
    flag_flagged: 'signalé', agreement: 'Accord inter-codeurs',
    agreementForbidden: 'Seuls les administrateurs et les chercheurs de l’étude peuvent lire les rapports d’accord.',
    agreementNeedsTwo: 'Le kappa demande exactement deux codeurs ; l’alpha au moins deux.',
    agreementSummary: '{coders} codeur(s), {units} unité(s).', allCoders: 'Tous les codeurs', allCodes: 'Tous les codes', apiToken: 'Jeton d’accès',
    appName: 'Verbatim', backToStudies: 'Retour aux études', backToStudy: 'Retour à l’étude', biometrics: 'Fréquence cardiaque et activité électrodermale',
    biometricsTitle: 'Signaux biométriques au fil de l’enregistrement', breadcrumbs: 'Fil d’Ariane', cancel: 'Annuler', code: 'Code', codeName: 'Nom du code',
    codeNameNeeded: 'Donnez un nom au nouveau code.', codeSelection: 'Coder la sélection', codebook: 'Livre de codes', codedUnits: 'Unités codées',
    coderN: 'Codeur {id}', coding: 'Codage', codingAdded: 'Codé « {code} ».', codingRemoved: 'Codage supprimé.', codings: 'Codages',
    colour: 'Couleur', computeAgreement: 'Calculer', computing: 'Calcul…', correct: 'Corriger', correctSegment: 'Corriger le segment {n}',
    createStudy: 'Créer l’étude', download: 'Télécharger', downloaded: '{name} enregistré ({size} Ko).', duration: 'Durée', eda: 'AED',
    editHelp: 'Ctrl+Entrée enregistre une nouvelle version ; Échap annule.', exportRecording: 'Exporter cet enregistrement', exportStudy: 'Exporter l’étude',
    filterCode: 'Code', filterCoder: 'Codeur', filters: 'Filtrer les codages', flagged: 'signalé', followPlayback: 'Suivre la lecture', format: 'Format',
    heartRate: 'Fréquence cardiaque', heartRateShort: 'FC', edaShort: 'AED', humanEdit: 'correction', interviewer: 'Enquêteur ou enquêtrice',
    job_cancelled: 'Annulée', job_failed: 'Échec', job_queued: 'En attente', job_running: 'Transcription en cours', job_succeeded: 'Transcrit',
    jobFinished: '{title} : {state}.', language: 'Langue', languageAuto: 'Détection automatique', meCoder: '{name} (moi)', mediaFile: 'Fichier audio ou vidéo',
    memo: 'Mémo', memoOnCoding: 'Mémo sur le codage {label}', memoOnSegment: 'Mémo sur le segment {n}', memoSaved: 'Mémo enregistré.', memoText: 'Mémo',
    lastStudyAdmin: 'Le dernier administrateur de l’étude ne peut pas être retiré : donnez d’abord le rôle d’administrateur à un autre membre.',
    memberRemoved: '{name} a été retiré(e) de l’étude.', members: 'Membres',
    memos: 'Mémos', needsReview: 'à vérifier', newCodeName: 'Nouveau code', newCodeOption: 'Nouveau code…', newSpeakerLabel: 'Nom du nouveau locuteur',
    newSpeakerOption: 'Nouveau locuteur…', newStudy: 'Nouvelle étude', nextToReview: 'Suivant à vérifier', noCodes: 'Aucun code pour l’instant.', noCodings: 'Aucun codage.',
    noData: 'pas de données', noMemos: 'Aucun mémo pour l’instant.', noParticipants: 'Aucun participant pour l’instant.', noRecordings: 'Aucun enregistrement pour l’instant.', noSpeaker: 'Aucun locuteur',
    noSpeakers: 'Aucun locuteur.', noStudies: 'Vous n’êtes membre d’aucune étude pour l’instant.',
    notTranscribed: 'Pas encore transcrit', noTranscript: 'Cet enregistrement n’a pas encore de transcription : elle est en attente ou en cours (voir la page de l’étude).',
    notFound: 'Page introuvable', notLinked: 'Non relié', observed: 'Observé', openTranscript: 'Ouvrir la transcription', overall: 'Tous les codes',
    participant: 'Participant', participants: 'Participants', perTurnFigures: 'Moyenne par tour de parole', perTurnTable: 'Chiffres par tour de parole',
    playFrom: 'Lire à partir de {time}', player: 'Lecteur : {title}', position: 'Position', preparing: 'Préparation…', pseudonym: 'Pseudonyme',
    pseudonymHelp: 'Un pseudonyme comme P-014, jamais un vrai nom.', recordings: 'Enregistrements', remove: 'Supprimer', save: 'Enregistrer',
    confirmRemoveMember: 'Retirer {name} de « {study} » ? Son accès à l’étude cesse aussitôt ; ses codages restent.',
    removeMember: 'Retirer de l’étude', removeMemberLabel: 'Retirer {name} de l’étude',
    role_admin: 'administrateur', role_coder: 'codeur', role_researcher: 'chercheur', userN: 'Utilisateur {id}',
    saveMemo: 'Enregistrer le mémo', saveVersion: 'Enregistrer une nouvelle version', segmentCount: 'segments: {n}', segmentN: 'Segment {n}',
    segmentText: 'Texte du segment', segmentsToReview: '{n} segment(s) signalé(s) à vérifier', selectToCode: 'Sélectionnez des mots de la transcription pour les coder.',
    selectionIs: 'Sélection : « {text} »', shortcutCancel: 'annuler une correction', shortcutForward: 'avancer de 5 s (hors des champs de texte)',
    shortcutPlayPause: 'lecture ou pause (partout)', shortcutPlayPauseOutside: 'lecture ou pause (hors des champs de texte)',
    shortcutRewind: 'reculer de 5 s (hors des champs de texte)', shortcutSave: 'enregistrer une correction', shortcuts: 'Raccourcis clavier', show: 'Afficher',
    signIn: 'Se connecter', signOut: 'Se déconnecter', skipToContent: 'Aller au contenu', speaker: 'Locuteur', speakerLabel: 'Nom',
    speakerSaved: 'Locuteur enregistré.', speakers: 'Locuteurs', spokenLanguage: 'Langue parlée', status_draft: 'brouillon', status_reviewed: 'validée',
    studies: 'Études', studyDetails: 'Description', studyName: 'Nom', title: 'Titre', toReview: 'À vérifier :',
    tokenHelp: 'Votre administrateur vous remet ce jeton (verbatim admin create-user). Il n’est gardé que dans cet onglet.',
    tokenRefused: 'Ce jeton n’est pas valide. Vérifiez-le auprès de votre administrateur.', transcribe: 'Transcrire', transcript: 'Transcription',
    transcription: 'Transcription', transcriptionProgress: 'Transcription de {title}', turn: 'Tour',
    turnFigures: '{name} : moyenne {mean} (min {min}, max {max}) {unit}', turnMean: '{name} : moyenne {mean} {unit}', scrCount: '{n} réponses électrodermales', unit: 'Unité', unitCharacters: 'caractères', unitSegments: 'segments',
    unknownSpeaker: 'Locuteur inconnu', upload: 'Téléverser et transcrire', uploadProgress: 'Progression du téléversement', uploadRecording: 'Téléverser un enregistrement',
    uploaded: '« {title} » téléversé ; transcription en file d’attente.', uploading: 'Téléversement…', version: 'Version',
    versionOption: 'v{n} · {engine} · {status}', versionSaved: 'Version {n} enregistrée.',
    // Double codage en aveugle, noms, désaccords et consensus (ticket 17, partie codage).
    agreementCoders: 'Codeurs : {names}', applyChosen: 'Appliquer ce code', blindCoding: 'Double codage en aveugle',
    blindCodingHelp: 'Un codeur ne voit que ses propres codages d’une transcription tant qu’il n’a pas marqué son codage comme terminé.',
    blindNames: 'Noms masqués', blindNamesHelp: 'Les codeurs voient les autres personnes comme « Codeur N » (numérotés par identifiant).',
    blindNotice: 'Codage en aveugle : vous ne voyez que vos propres codages tant que vous n’avez pas marqué votre codage comme terminé.',
    blindingSaved: 'Réglages du double codage enregistrés.', chosenCode: 'Ou un code choisi', coderDone: 'terminé le {date}',
    coderNotDone: 'codage en cours', codingDoneAt: 'Vous avez fini de coder le {date}.', codingMarkedDone: 'Votre codage est marqué comme terminé.',
    codingReopened: 'Le codage de {name} est rouvert.', consensus: 'Consensus', consensusDecision: 'Décision de consensus',
    consensusSaved: 'Consensus enregistré.', disagreementN: 'Désaccord {n} sur {total} · unités comparées : {units}', disagreements: 'Désaccords',
    disagreementsClosed: 'Les désaccords s’ouvrent quand chaque codeur de cette transcription a marqué son codage comme terminé.',
    doubleCoding: 'Double codage', finishCoding: 'J’ai fini de coder', keepAll: 'Garder tout', keepCodesOf: 'Garder ceux de {name}',
    keepNone: 'Ne rien garder', memoByline: '{author} · {date}', next: 'Suivant', noCode: 'aucun code',
    noDisagreements: 'Les codeurs sont d’accord sur chaque unité.', playSpan: 'Écouter {start}–{end}', previous: 'Précédent',
    reopenCoding: 'Rouvrir', reopenCodingOf: 'Rouvrir le codage de {name}', undecided: 'pas encore décidé', unknownAuthor: 'ancien membre',
    // Issue 17, retrieval piece: search, coded segments, matrix, codebook, participants, recording deletion.
    actions: 'Actions', addCode: 'Ajouter un code', allParticipants: 'Tous les participants', anyValue: 'toute valeur',
    attributeName: 'Attribut', attributeRemoved: 'Attribut « {name} » supprimé.', attributeSaved: 'Attribut « {name} » enregistré.',
    attributeValue: 'Valeur', caseAttributes: 'Attributs du cas',
    cellLabel: '{n} segment(s), {chars} caractères codés « {code} » pour {participant} : les afficher',
    cellSegments: 'Segments codés « {code} » pour {participant}', codeDeleted: 'Code « {name} » supprimé avec {codings} codage(s) et {subcodes} sous-code(s).',
    codeMatrix: 'Matrice codes × cas', codeSaved: 'Code « {name} » enregistré.', codeSegments: 'Tous les segments codés « {code} »',
    codebookImported: 'Livre de codes importé : {n} nouveau(x) code(s).', codedBy: 'codé par {name}', codedSegmentCount: '{n} segment(s) codé(s).',
    codedSegments: 'Segments codés', coder: 'Codeur', codes: 'Codes', definition: 'Définition', delete: 'Supprimer',
    deleteCode: 'Supprimer le code « {name} »', deleteCodePlan: 'Supprimer « {name} » ? {codings} codage(s), {subcodes} sous-code(s) et {memos} mémo(s) disparaissent avec lui. C’est irréversible.',
    deleteConfirm: 'Oui, supprimer', deleteReason: 'Motif (conservé dans le journal d’audit)', deleteReasonExample: 'demande d’effacement du participant',
    deleteRecording: 'Supprimer cet enregistrement…', deleteRecordingHelp: 'Pour une demande d’effacement portant sur cet entretien : le fichier média, toutes les versions de transcription, leurs codages et mémos et les tâches disparaissent ; les participants restent.',
    deleteRecordingPlan: 'Supprimer « {title} » ? {transcripts} version(s) de transcription avec {segments} segment(s), {codings} codage(s), {memos} mémo(s), {jobs} tâche(s), {links} lien(s) de participant et le fichier média disparaissent. C’est irréversible.',
    deleteRecordingTitle: 'Supprimer l’enregistrement', edit: 'Modifier', editCode: 'Modifier le code « {name} »', exportCodebook: 'Télécharger le livre de codes (.qdc)',
    importCodebook: 'Importer', link: 'Lier', manageCodebook: 'Modifier, fusionner et supprimer des codes', matrixEmpty: 'Pas encore de codes ou de participants.',
    matrixHelp: 'Chaque cellule compte les segments codés d’un code dans la parole d’un participant ; choisissez une cellule pour les lire.',
    merge: 'Fusionner', mergeCode: 'Fusionner le code « {name} » avec un autre', mergeDone: '« {name} » fusionné dans « {into} » : {moved} codage(s) déplacé(s), {collapsed} doublon(s) réuni(s).',
    mergeHelp: 'Tous les codages de « {name} » passent au code choisi (le doublon d’un même codeur sur le même passage n’en fait plus qu’un), ses sous-codes passent sous lui, et « {name} » est supprimé.',
    mergeInto: 'Fusionner dans', mergeNoTarget: 'Il n’y a pas d’autre code avec lequel fusionner.', noAttributes: 'Pas encore d’attributs.',
    noCodedSegments: 'Aucun segment codé ne correspond.', noLinkedParticipants: 'Aucun participant lié pour l’instant.', noLinkedRecordings: 'Lié à aucun enregistrement pour l’instant.',
    parentCode: 'Parent', participantLinked: '{pseudonym} lié.', playSegmentAt: 'Écouter « {title} » à partir de {time}', qdcFile: 'Livre de codes REFI-QDA (.qdc)',
    qdcHelp: 'Échangez le livre de codes avec MAXQDA, NVivo, ATLAS.ti ou QualCoder. Un code importé qui porte le nom d’un code existant sous le même parent est réutilisé.',
    readCodebook: 'Lire le livre de codes', recordingDeleted: '« {title} » supprimé.', recordingN: 'Enregistrement {id}', recordingParticipants: 'Participants de cet enregistrement',
    refiCodebook: 'Échange (REFI-QDA)', removeAttribute: 'Supprimer l’attribut « {name} »', results: 'Résultats', roleCaregiver: 'aidant',
    roleInRecording: 'Rôle', roleInterviewee: 'personne interviewée', roleInterviewer: 'enquêteur', saveAttribute: 'Enregistrer l’attribut « {name} »',
    search: 'Rechercher', searchCount: '{n} résultat(s).', searchHelp: 'Les accents et les majuscules ne comptent pas, et un mot trouve aussi les mots plus longs qu’il commence : « eleve » trouve « élèves ». Chaque mot doit figurer.',
    searchIn: 'Rechercher dans {name}', searchWords: 'Mots', sensitive: 'Sensible',
    sensitiveHelp: 'Les attributs sensibles (de santé, par exemple) ne sont jamais montrés aux codeurs.', speakerIs: 'locuteur {label}',
    studyOverview: 'Vue d’ensemble', studyPages: 'Pages de l’étude', topLevel: '(premier niveau)', total: 'Total', valueOf: 'Valeur de {name}',
    withSubcodes: 'avec ses sous-codes', withoutCase: 'Sans cas',

    // people (issue 17): password sign-in, users, study membership
    email: 'Adresse électronique', password: 'Mot de passe', signInFailed: 'L’adresse électronique ou le mot de passe est erroné. Après 5 échecs, le compte est bloqué 15 minutes.',
    signInWithToken: 'Se connecter avec le jeton', useApiToken: 'Utiliser un jeton d’API (pour les scripts)',
    changePassword: 'Changer de mot de passe', mustChangePassword: 'Un administrateur a défini votre mot de passe : choisissez le vôtre avant de continuer.',
    currentPassword: 'Mot de passe actuel', newPassword: 'Nouveau mot de passe', confirmPassword: 'Nouveau mot de passe (encore)',
    passwordRules: 'Au moins 10 caractères (quelques mots en font un bon), ni votre nom ni votre adresse électronique.',
    passwordsDiffer: 'Les deux nouveaux mots de passe diffèrent.', passwordChanged: 'Votre mot de passe a été changé.',
    users: 'Utilisateurs', usersAdminsOnly: 'Seuls les administrateurs de l’installation gèrent les utilisateurs.', userAccounts: 'Comptes',
    passwordShownOnce: 'Mot de passe de {name}, affiché maintenant seulement : transmettez-le de façon sûre. Il choisira le sien à sa première connexion.',
    deactivated: 'désactivé', noPassword: 'sans mot de passe (jeton d’API seulement)', mustChangeShort: 'doit changer de mot de passe', lockedOut: 'bloqué après des échecs',
    resetPassword: 'Réinitialiser le mot de passe', resetPasswordLabel: 'Réinitialiser le mot de passe de {name}',
    confirmResetPassword: 'Réinitialiser le mot de passe de {name} ? Ses sessions ouvertes prennent fin et il devra choisir un nouveau mot de passe à sa prochaine connexion.',
    deactivate: 'Désactiver', reactivate: 'Réactiver', deactivateLabel: 'Désactiver {name}', reactivateLabel: 'Réactiver {name}',
    confirmDeactivate: 'Désactiver {name} ? Ses sessions prennent fin et ses jetons d’API sont révoqués aussitôt.',
    userDeactivated: '{name} a été désactivé.', userReactivated: '{name} a été réactivé.',
    newUser: 'Nouvel utilisateur', userName: 'Nom', initialPassword: 'Mot de passe initial', generatePassword: 'Générer un mot de passe (affiché une fois)',
    makeAdministrator: 'Administrateur de l’installation', createUser: 'Créer l’utilisateur', passwordOrGenerate: 'Donnez un mot de passe, ou cochez « Générer un mot de passe ».',
    userCreated: '{name} a été créé.', changeRole: 'Changer le rôle', changeRoleLabel: 'Changer le rôle de {name}', roleOf: 'Rôle de {name}',
    roleChanged: '{name} est maintenant {role}.', memberEmail: 'Adresse électronique d’un utilisateur', role: 'Rôle', addMember: 'Ajouter à l’étude',
    memberAdded: '{name} a été ajouté comme {role}.',
    // Exports (issue 17, exports piece)
    exportBlindCoders: 'Nommer les codeurs « Codeur 1 », « Codeur 2 »…', exportFormatDocx: 'Word (.docx)', exportFormatEafMedia: 'ELAN avec son média (.zip)',
    exportStudyHelp: 'Pour une étude de plusieurs enregistrements, TXT, SRT, WebVTT, Word et ELAN donnent un ZIP avec un fichier par enregistrement.',
    // Resumable uploads (issue 18, tus piece)
    uploadOffline: 'La connexion au serveur a été perdue.', uploadExpired: 'Le téléversement interrompu n’est plus sur le serveur ; téléversez le fichier à nouveau.',
    uploadRetrying: 'Connexion perdue ; le téléversement reprendra de lui-même (nouvel essai dans {seconds} s)…', uploadResuming: 'Reprise du téléversement précédent de ce fichier ({percent} % déjà envoyés)…',
  },
};

const storageKey = 'verbatim.language';
let current = 'en';

/** Picks the language: the user's choice, else French when the browser prefers it, else English. */
export function initLanguage() {
  const chosen = localStorage.getItem(storageKey);
  if (chosen && strings[chosen]) {
    current = chosen;
  } else {
    const preferred = (navigator.languages ?? [navigator.language]).map((tag) => tag.toLowerCase().slice(0, 2));
    const first = preferred.find((tag) => strings[tag]);
    current = first ?? 'en';
  }
  document.documentElement.lang = current;
}

/** The current language code. */
export function language() {
  return current;
}

/** Switches to `code` and remembers the choice. */
export function setLanguage(code) {
  if (!strings[code]) return;
  current = code;
  localStorage.setItem(storageKey, code);
  document.documentElement.lang = code;
}

/** The string `key` in the current language, `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const template = strings[current][key] ?? strings.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? `{${name}}`));
}

/** Translates the static page: `data-i18n` (text) and `data-i18n-label` (aria-label). */
export function applyStatic(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
}

/** Every key of both languages (for the consistency check of the browser test). */
export function keys() {
  return { en: Object.keys(strings.en), fr: Object.keys(strings.fr) };
}
