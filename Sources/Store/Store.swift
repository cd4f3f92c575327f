import Foundation

/// The qualitative-research store: what callers (the HTTP service, workers, the command line) use.
///
/// The protocol mentions no database types, so a PostgreSQL implementation can stand beside
/// ``SQLiteStore`` without touching callers. Every method is atomic: it commits entirely or not
/// at all. Methods throw ``StoreError`` for bad input and missing objects.
public protocol Store: Sendable {
    // MARK: Studies, users, memberships

    /// Stores a new study.
    func createStudy(name: String, details: String) async throws -> Study
    /// The study with this id, or `nil`.
    func study(id: Int64) async throws -> Study?
    /// All studies, by id.
    func studies() async throws -> [Study]
    /// Stores a new user; the e-mail must be unique.
    func createUser(name: String, email: String) async throws -> User
    /// The user with this id, or `nil`.
    func user(id: Int64) async throws -> User?
    /// The user with this e-mail address (case-insensitive), or `nil`.
    func user(email: String) async throws -> User?
    /// All users, by id.
    func users() async throws -> [User]
    /// Gives `userID` the `role` in `studyID`, replacing any previous role; `.conflict` when that
    /// would leave a study that has an administrator without one.
    func setMembership(studyID: Int64, userID: Int64, role: StudyRole) async throws
    /// The members of a study.
    func memberships(studyID: Int64) async throws -> [StudyMembership]
    /// Whether the study exists and the user's role in it, in one read (the check every request makes).
    func access(studyID: Int64, userID: Int64) async throws -> StudyAccess
    /// Removes a user from a study (their codings stay, attributed to them); `.conflict` when they
    /// are its last administrator.
    func removeMembership(studyID: Int64, userID: Int64) async throws

    // MARK: API tokens

    /// Stores a new token (hash only; its `id` is ignored and assigned); `.conflict` if the hash exists.
    func addToken(_ token: APIToken) async throws -> APIToken
    /// The token with this hash (lower-case hex SHA-256) and its user, or `nil`; revoked and expired ones too.
    func tokenHolder(hash: String) async throws -> TokenHolder?
    /// A user's tokens, newest first, revoked and expired ones included.
    func tokens(userID: Int64) async throws -> [APIToken]
    /// Revokes one token of `userID` (the first revocation time stays); `.notFound` when it is not theirs.
    func revokeToken(id: Int64, userID: Int64, at date: Date) async throws -> APIToken
    /// Revokes every unrevoked token of `userID`; returns how many.
    func revokeTokens(userID: Int64, at date: Date) async throws -> Int
    /// Records that a token authenticated a request at `date`.
    func markTokenUsed(id: Int64, at date: Date) async throws

    // MARK: People: passwords, sessions, lock-out

    /// Stores a new user with their account (password hash, admin flag) in one transaction; the e-mail must be unique.
    func createUser(name: String, email: String, account: UserAccount) async throws -> User
    /// The user's account (``UserAccount/init(userID:)``'s defaults when none was stored); `.notFound` without such a user.
    func account(userID: Int64) async throws -> UserAccount
    /// Stores (inserts or replaces) an account; the user must exist.
    func saveAccount(_ account: UserAccount) async throws
    /// Sets the password hash (and whether it must be changed at next sign-in), lifts any lock-out,
    /// forgets failed passwords and ends the user's sessions except `keepingSession`, in one transaction.
    func setPassword(userID: Int64, hash: String, mustChange: Bool, at date: Date, keepingSession: Int64?) async throws
    /// Deactivates (or reactivates) a user; deactivating ends their sessions and revokes their API tokens
    /// in the same transaction. Returns the account as stored.
    func setActive(userID: Int64, _ active: Bool, at date: Date) async throws -> UserAccount
    /// Records a failed password at `date`; when `limit` failures fall within `window` seconds, locks
    /// the account until `date + lockFor` and forgets the failures. Returns the lock's end when this
    /// failure locked the account, else `nil`.
    func recordSignInFailure(userID: Int64, at date: Date, window: TimeInterval, limit: Int, lockFor: TimeInterval) async throws -> Date?
    /// Forgets the user's failed passwords (after a successful sign-in).
    func clearSignInFailures(userID: Int64) async throws
    /// Stores a new session (its `id` is ignored and assigned); the user must exist.
    func addSession(_ session: UserSession) async throws -> UserSession
    /// The session whose secret has this hash, with its user and account, or `nil`.
    func sessionHolder(hash: String) async throws -> SessionHolder?
    /// The session with this id, or `nil`.
    func session(id: Int64) async throws -> UserSession?
    /// Records that a session authenticated a request at `date`.
    func touchSession(id: Int64, at date: Date) async throws
    /// Deletes one session (sign-out); deleting a missing one is not an error.
    func deleteSession(id: Int64) async throws

    // MARK: Participants

    /// Stores a new participant; the pseudonym must be valid and unique in the study.
    func createParticipant(studyID: Int64, pseudonym: String) async throws -> Participant
    /// The participant with this id, or `nil`.
    func participant(id: Int64) async throws -> Participant?
    /// The participants of a study, by pseudonym.
    func participants(studyID: Int64) async throws -> [Participant]
    /// Sets (inserts or replaces) a case variable.
    func setAttribute(participantID: Int64, name: String, value: String, isSensitive: Bool) async throws
    /// A participant's case variables; sensitive ones only when `includeSensitive`.
    func attributes(participantID: Int64, includeSensitive: Bool) async throws -> [ParticipantAttribute]
    /// Removes a case variable; `.notFound` when the participant has none of that name.
    func removeAttribute(participantID: Int64, name: String) async throws

    // MARK: Captures (interviews recorded in the pages)

    /// Stores a new capture (nothing received yet); the study, users and participant must exist,
    /// the participant in the study.
    func createCapture(_ capture: Capture) async throws -> Capture
    /// The capture with this id, or `nil`.
    func capture(id: Int64) async throws -> Capture?
    /// A study's captures, newest first, only those in `state` when given.
    func captures(studyID: Int64, state: Capture.State?) async throws -> [Capture]
    /// The chunk at `index` of a capture, or `nil`.
    func captureChunk(captureID: Int64, index: Int) async throws -> CaptureChunk?
    /// Bytes received so far in one part of a capture.
    func capturePartBytes(captureID: Int64, part: Int) async throws -> Int64
    /// Records the capture's next chunk: its index must be the capture's `chunkCount` and its part
    /// the current one or the next (`.conflict` otherwise, or when the capture is not recording).
    func appendCaptureChunk(_ chunk: CaptureChunk) async throws -> Capture
    /// Marks a recording capture discarded; `.conflict` when it is finished.
    func discardCapture(id: Int64) async throws -> Capture
    /// In one transaction: stores `recording`, queues its transcription (the payload is made from
    /// the recording's new id) and marks the capture finished, linked to both; `.conflict` when the
    /// capture is not recording or the study has this file already.
    func finishCapture(
        id: Int64, recording: Recording, jobKind: String, priority: Int, payload: @escaping @Sendable (Int64) throws -> String
    ) async throws -> (capture: Capture, recording: Recording, job: Job)

    // MARK: Recordings

    /// Stores a new recording (its `id` is ignored and assigned); throws `.conflict` if the study
    /// has a recording of the same file (`fileHash`) already.
    func addRecording(_ recording: Recording) async throws -> Recording
    /// The recording with this id, or `nil`.
    func recording(id: Int64) async throws -> Recording?
    /// The recordings of a study.
    func recordings(studyID: Int64) async throws -> [Recording]
    /// The study's recording of the file with this SHA-256 (lower-case hex), or `nil`.
    func recording(studyID: Int64, fileHash: String) async throws -> Recording?
    /// Links a participant to a recording with a role (replacing a previous role).
    func linkParticipant(recordingID: Int64, participantID: Int64, role: ParticipantRole) async throws
    /// The participants linked to a recording.
    func recordingParticipants(recordingID: Int64) async throws -> [RecordingParticipant]
    /// The recording's user-set clock (wall-clock start, offset correction), or `nil` when none was set.
    func recordingSync(recordingID: Int64) async throws -> RecordingSync?
    /// Sets (replaces) the recording's clock; the recording must exist.
    func setRecordingSync(_ sync: RecordingSync) async throws -> RecordingSync
    /// What deleting the recording would remove (``RecordingDeletion``); nothing is changed.
    func recordingDeletionPlan(recordingID: Int64) async throws -> RecordingDeletion
    /// Deletes a recording with its transcripts, segments, words, speakers, codings, memos on them,
    /// participant links and jobs in one transaction, then its media file; leaves an audit event
    /// `recording.delete` without personal data. The participants stay.
    func deleteRecording(_ recordingID: Int64, actorID: Int64?, reason: String) async throws -> RecordingDeletion

    // MARK: Transcripts

    /// Stores `input` as the next version of the recording's transcript, with its segments, words and speakers.
    func addTranscript(recordingID: Int64, _ input: TranscriptInput) async throws -> Transcript
    /// Stores a new version made from `transcriptID` with `edits` applied; the old version is kept.
    /// The old version's codings are copied onto the new one at the same text, and its memos move
    /// with them (``TranscriptOffsetMap``).
    func editTranscript(_ transcriptID: Int64, edits: [SegmentEdit], editorID: Int64, status: TranscriptStatus)
        async throws -> Transcript
    /// Applies a person's changes (``TranscriptOperation``) to a version: in place on the working
    /// draft, else as a new version (``TranscriptAmendment``); each change enters the history.
    func amendTranscript(_ transcriptID: Int64, operations: [TranscriptOperation], editorID: Int64) async throws
        -> TranscriptAmendment
    /// Marks a version validated (`reviewed`) or back to `draft`, with an entry in its history.
    func setTranscriptStatus(_ transcriptID: Int64, status: TranscriptStatus, editorID: Int64) async throws -> Transcript
    /// A version's edit history, oldest first.
    func transcriptEdits(transcriptID: Int64) async throws -> [TranscriptEdit]
    /// Gives timed words to segments of a transcript version that have none (text a person
    /// corrected, re-aligned to the audio), keyed by segment position; segments that already
    /// have words keep them.
    func setWords(transcriptID: Int64, words: [Int: [WordInput]]) async throws
    /// The transcript version with this id, or `nil`.
    func transcript(id: Int64) async throws -> Transcript?
    /// All versions of a recording's transcript, oldest first.
    func transcripts(recordingID: Int64) async throws -> [Transcript]
    /// The newest version of a recording's transcript, or `nil`.
    func latestTranscript(recordingID: Int64) async throws -> Transcript?
    /// The version that readers, search and exports use (``TranscriptCurrency``): the newest one
    /// holding human work (reviewed, written by a person, or coded), else the newest; `nil` when none.
    func currentTranscript(recordingID: Int64) async throws -> Transcript?
    /// A version with its segments, words and speakers, from one snapshot; `nil` if unknown.
    func transcriptDetail(transcriptID: Int64) async throws -> TranscriptDetail?
    /// The current version (``currentTranscript(recordingID:)``) with its content, from one snapshot.
    func currentTranscriptDetail(recordingID: Int64) async throws -> TranscriptDetail?
    /// The segments of a transcript version, in order.
    func segments(transcriptID: Int64) async throws -> [Segment]
    /// The words of a transcript version, in order.
    func words(transcriptID: Int64) async throws -> [Word]
    /// The speakers of a recording.
    func speakers(recordingID: Int64) async throws -> [Speaker]
    /// Identifies a speaker as a participant and/or the interviewer.
    func identifySpeaker(_ speakerID: Int64, participantID: Int64?, isInterviewer: Bool) async throws
    /// Renames a speaker (`S1` → `Interviewer`); the label must be new in its recording.
    func renameSpeaker(_ speakerID: Int64, label: String) async throws -> Speaker

    // MARK: Codebook, codings, memos

    /// Stores a new code (colour `#RRGGBB`; parent in the same study).
    func addCode(_ code: Code) async throws -> Code
    /// The code with this id, or `nil`.
    func code(id: Int64) async throws -> Code?
    /// A study's codebook, parents before children.
    func codes(studyID: Int64) async throws -> [Code]
    /// Changes a code's name, colour, definition or parent (not its study); the parent may not be a descendant.
    func updateCode(_ code: Code) async throws
    /// Deletes a code with its sub-codes and their codings.
    func deleteCode(id: Int64) async throws
    /// What deleting a code would take with it (sub-codes, codings, memos); nothing is changed.
    func codeDeletionPlan(codeID: Int64) async throws -> CodeDeletionPlan
    /// Merges code `sourceID` into `targetID` in one transaction: codings move (the same coder's
    /// duplicate on the same span collapses into one), sub-codes move under the target (same-named
    /// ones merge), memos follow, the source is deleted; leaves an audit event `code.merge`.
    func mergeCode(_ sourceID: Int64, into targetID: Int64, actorID: Int64?) async throws -> CodeMerge
    /// Adds a codebook tree (for example from ``REFICodebook/parse(_:)``) in one transaction; a code
    /// whose name exists already under the same parent is reused, not duplicated. Returns the study's codes.
    func importCodebook(studyID: Int64, _ entries: [CodebookEntry]) async throws -> [Code]
    /// Applies a code to characters `charStart..<charEnd` of a transcript version; times come from its segments.
    func addCoding(transcriptID: Int64, codeID: Int64, coderID: Int64, charStart: Int, charEnd: Int) async throws
        -> Coding
    /// Removes a coding.
    func deleteCoding(id: Int64) async throws
    /// The codings of a transcript version.
    func codings(transcriptID: Int64) async throws -> [Coding]
    /// The coding with this id, or `nil`.
    func coding(id: Int64) async throws -> Coding?
    /// Sets a study's blind double coding and blind names settings.
    func setStudyBlinding(studyID: Int64, blindCoding: Bool, blindNames: Bool) async throws -> Study
    /// Marks that `coderID` finished coding a transcript version (again: keeps the first time).
    func markCodingDone(transcriptID: Int64, coderID: Int64, at date: Date) async throws -> CodingCompletion
    /// Removes a coder's "done" mark (reopens their coding); `.notFound` when there is none.
    func reopenCoding(transcriptID: Int64, coderID: Int64) async throws
    /// The "done" marks of a transcript version, by coder id.
    func codingCompletions(transcriptID: Int64) async throws -> [CodingCompletion]
    /// Decides one unit of a transcript version's consensus in one transaction: replaces the
    /// unit's consensus codings by those the decision names (stored with `isConsensus`,
    /// `decidedBy`) and records the decision; the coders' own codings are never changed.
    func decideConsensus(transcriptID: Int64, _ decision: ConsensusDecision, deciderID: Int64, at date: Date) async throws
        -> [Coding]
    /// The consensus decisions of a transcript version, by unit.
    func consensusDecisions(transcriptID: Int64) async throws -> [ConsensusRecord]
    /// Stores a memo (its `id` is ignored and assigned); every object it is attached to must belong
    /// to the memo's study, else `.notFound`.
    func addMemo(_ memo: Memo) async throws -> Memo
    /// The memos of a study.
    func memos(studyID: Int64) async throws -> [Memo]
    /// Deletes a memo.
    func deleteMemo(id: Int64) async throws

    // MARK: Biometric streams

    /// Stores a stream and its samples in compact chunks.
    func addBiometricStream(_ stream: BiometricStream, samples: BiometricSamples) async throws -> BiometricStream
    /// Stores streams (one sample set each) and markers in one transaction: all or nothing; with
    /// `completing`, only while the worker holds that job, which succeeds in the same transaction.
    func addBiometrics(
        streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker], completing: JobCompletion?
    ) async throws -> (streams: [BiometricStream], markers: [BiometricMarker])
    /// The markers of a participant, in time order.
    func biometricMarkers(participantID: Int64) async throws -> [BiometricMarker]
    /// The marker with this id, or `nil`.
    func biometricMarker(id: Int64) async throws -> BiometricMarker?
    /// The streams of a participant.
    func biometricStreams(participantID: Int64) async throws -> [BiometricStream]
    /// The samples of a stream whose offsets lie in `from...to` seconds from its start (all when `nil`).
    func biometricSamples(streamID: Int64, from: Double?, to: Double?) async throws -> BiometricSamples

    // MARK: Search

    /// Full-text search (diacritics and case folded; each word of the query matches the words it
    /// begins) over the current transcript version (``TranscriptCurrency``) of each recording of a study.
    func search(studyID: Int64, query: String, limit: Int) async throws -> [SearchHit]

    // MARK: Retrieval

    /// The coded segments of the study's current transcript versions matching `query`, in recording and text order.
    func codedSegments(studyID: Int64, query: CodedSegmentQuery) async throws -> [CodedSegment]
    /// The code × case matrix (coded segments per code and participant) over the current transcript versions.
    func codeCaseMatrix(studyID: Int64) async throws -> CodeCaseMatrix

    // MARK: Jobs

    /// Queues a job.
    func enqueue(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job
    /// Atomically claims the next runnable job of one of `kinds` (any kind when empty) for `worker`,
    /// with a lease of `lease` seconds; `nil` when none is runnable.
    func claimJob(worker: String, kinds: [String], lease: Double) async throws -> Job?
    /// Extends the lease and records progress; throws `.leaseLost` if `worker` no longer holds the job.
    func renewLease(jobID: Int64, worker: String, lease: Double, progress: Double) async throws
    /// Marks the job succeeded with its result; throws `.leaseLost` if `worker` no longer holds it.
    func completeJob(jobID: Int64, worker: String, result: String) async throws
    /// Stores a transcription job's transcript and marks the job succeeded (result `{"transcriptID":N}`)
    /// in one transaction; throws `.leaseLost` and stores nothing if `worker` no longer holds the job.
    func completeTranscriptionJob(jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput)
        async throws -> Transcript
    /// Records a failure: re-queued after the policy's backoff if `retryable` and attempts remain, else failed.
    func failJob(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> Job
    /// Cancels a queued or running job (a running worker learns it when it renews).
    func cancelJob(jobID: Int64) async throws
    /// The job with this id, or `nil`.
    func job(id: Int64) async throws -> Job?
    /// Jobs in a state, oldest first.
    func jobs(state: JobState) async throws -> [Job]

    // MARK: Audit log

    /// Appends an event to the hash chain; `details` are encoded as a JSON object.
    func appendAudit(
        actorID: Int64?, action: String, studyID: Int64?, targetKind: String, targetID: Int64?,
        details: AuditDetails
    ) async throws -> AuditEvent
    /// Events in order, from `afterID` (exclusive).
    func auditEvents(afterID: Int64, limit: Int) async throws -> [AuditEvent]
    /// Recomputes the chain and reports every edited, inserted or deleted event.
    func verifyAuditLog() async throws -> AuditVerification

    // MARK: GDPR

    /// What erasing the participant would remove (``ErasurePlan``); nothing is changed.
    func erasurePlan(participantID: Int64) async throws -> ErasurePlan
    /// Erases a participant and what is theirs in one transaction (``ErasurePlan``): their own
    /// recordings (with media files, transcripts, codings, memos and jobs), their links to and speaker
    /// identifications in recordings shared with others, streams, markers, attributes. Leaves an audit
    /// event `participant.erase` without any personal data.
    func eraseParticipant(_ participantID: Int64, actorID: Int64?, reason: String) async throws -> ErasureReport

    // MARK: Live transcripts

    /// Appends a live transcription step's segments and sets the capture's `transcribedUntil`,
    /// part starts and language in one transaction, only if `transcribedUntil` is still
    /// `expectedUntil` and the capture is still recording; `false`, with nothing written, otherwise.
    func appendLiveSegments(
        captureID: Int64, expectedUntil: Double, segments: [LiveTranscriptSegment], transcribedUntil: Double, partStarts: [Double],
        language: String?
    ) async throws -> Bool
    /// The capture's live transcript so far (empty before its first step).
    func liveTranscript(captureID: Int64) async throws -> LiveTranscript
    /// Queues a job unless one of the same kind and payload is waiting unclaimed; `nil` when one was.
    func enqueueUnlessWaiting(kind: String, payload: String, studyID: Int64?, priority: Int, maxAttempts: Int) async throws -> Job?

    // MARK: Export

    /// Everything needed to export a study (or some of its recordings) with ``StudyExport``'s formats.
    func exportBundle(studyID: Int64, recordingIDs: [Int64]?) async throws -> ExportBundle
}
