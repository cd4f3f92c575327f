import Foundation
import Media
import Store

/// Where a ``Worker`` gets its jobs and sends their outcome: the store itself on this machine
/// (``LocalJobSource``), or a Verbatim server's worker API over HTTP (``RemoteJobSource``). The
/// worker loop does not know which it has.
///
/// Every call that needs the lease throws ``Store/StoreError`` of kind `.leaseLost` when `worker`
/// no longer holds the job (cancelled, or its lease lapsed and another worker took it).
public protocol JobSource: Sendable {
    /// The job kinds this source can hand out (a remote server offers only the kinds whose inputs travel).
    var kinds: [String] { get }
    /// Claims the best runnable job of `kinds` for `worker` with a lease of `lease` seconds; `nil` when none.
    func claim(worker: String, kinds: [String], lease: Double) async throws -> Job?
    /// Extends the lease and records progress in 0...1.
    func renew(jobID: Int64, worker: String, lease: Double, progress: Double) async throws
    /// Marks the job succeeded with its JSON `result`.
    func complete(jobID: Int64, worker: String, result: String) async throws
    /// Stores the transcript of a `transcribe` job and marks the job succeeded, in one transaction;
    /// returns the new transcript's identifier.
    func completeTranscription(jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput) async throws -> Int64
    /// Records a failure: queued again after a backoff when `retryable` and attempts remain, else failed for good.
    func fail(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> JobState
    /// A local, readable file of the recording's media for the job that `worker` holds.
    func media(recordingID: Int64, jobID: Int64, worker: String) async throws -> JobMedia
}

/// A job's media as a local file; a downloaded copy is removed by ``discard()`` once the job is done.
public struct JobMedia: Sendable {
    /// The file: plain, or encrypted at rest when ``input`` decrypts it as it is read.
    public var url: URL
    /// Whether the file is a temporary copy that belongs to the job.
    public var isTemporary: Bool
    /// What decoders read: the file itself, or its plain bytes through a reader.
    public var input: MediaInput

    /// Describes a local plain media file.
    public init(url: URL, isTemporary: Bool) {
        self.url = url
        self.isTemporary = isTemporary
        self.input = .file(url)
    }

    /// Describes a stored file encrypted at rest, decoded through the reader `open` gives (no
    /// decrypted copy on disk).
    public init(encrypted url: URL, open: @escaping @Sendable () throws -> any MediaByteSource) {
        self.url = url
        self.isTemporary = false
        self.input = .bytes(name: url.lastPathComponent, open: open)
    }

    /// Removes a temporary copy (leaves stored media alone).
    public func discard() {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
