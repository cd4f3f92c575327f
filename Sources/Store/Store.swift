import Foundation

/// The qualitative-research store: what callers (the HTTP service, workers, the command line) use.
///
/// The protocol mentions no database types, so a PostgreSQL implementation can stand beside
/// ``SQLiteStore`` without touching callers. Every method is atomic: it commits entirely or not
/// at all. Methods throw ``StoreError`` for bad input and missing objects.
///
/// It is the sum of its areas (``StudyStore``, ``JobQueueStore``, ``AuditStore``, ...), one protocol
/// each, so that a second implementation can be built and tested area by area.
public protocol Store:
    StudyStore & TokenStore & PeopleStore & ParticipantStore
    & CaptureStore & RecordingStore & TranscriptStore & CodingStore
    & BiometricStore & SearchStore & RetrievalStore & JobQueueStore
    & AuditStore & ErasureStore & LiveTranscriptStore & ExportStore & RedactionStore
    & RetentionStore & IdentityVaultStore
{}
