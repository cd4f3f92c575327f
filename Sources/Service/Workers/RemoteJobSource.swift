import Foundation
import Logging
import Store
import Synchronization
import Transcribe

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Jobs from a Verbatim server's worker API (``WorkerRoutes``) with a worker token: the source of
/// `verbatim worker --server URL`, which needs neither the database nor the media folder. A claimed
/// job's media is downloaded through its signed link into ``downloads``, in byte ranges, so a
/// broken connection resumes where it stopped.
public struct RemoteJobSource: JobSource {
    /// The server's base URL (`https://verbatim.example.org`).
    public let server: URL
    /// Where downloaded media are kept while their job runs.
    public let downloads: URL
    let token: String
    let logger: Logger
    private let links = LinkBook()

    /// Bytes asked for per range request.
    static let chunkSize = 8 << 20
    /// Failed range requests in a row before a download gives up.
    static let attemptsPerChunk = 5

    /// A source talking to `server` with the worker `token`; media go to `downloads`.
    public init(server: URL, token: String, downloads: URL, logger: Logger) {
        self.server = server
        self.token = token
        self.downloads = downloads
        self.logger = logger
    }

    /// Seconds a request may go without an answer.
    static let requestTimeout: TimeInterval = 120

    public var kinds: [String] { WorkerRoutes.remoteKinds }

    public func claim(worker: String, kinds: [String], lease: Double) async throws -> Job? {
        let (status, data) = try await post("/worker/jobs/claim", WorkerMessages.Claim(worker: worker, kinds: kinds, lease: lease))
        if status == 204 { return nil }
        let claimed = try Self.decode(WorkerMessages.Claimed.self, data)
        if let media = claimed.media, let id = claimed.job.id, let url = URL(string: media.url, relativeTo: server) {
            links.keep(url.absoluteURL, for: id)
        }
        return claimed.job
    }

    public func renew(jobID: Int64, worker: String, lease: Double, progress: Double) async throws {
        _ = try await post("/worker/jobs/\(jobID)/renew", WorkerMessages.Renew(worker: worker, lease: lease, progress: progress))
    }

    public func complete(jobID: Int64, worker: String, result: String) async throws {
        throw RemoteWorkerError(
            status: 0, code: "not_remote", "only transcription jobs run on remote workers",
            fr: "seules les tâches de transcription tournent sur les workers distants")
    }

    public func completeTranscription(
        jobID: Int64, worker: String, recordingID: Int64, transcript: TranscriptInput
    ) async throws -> Int64 {
        defer { links.forget(jobID) }
        let (_, data) = try await post(
            "/worker/jobs/\(jobID)/complete", WorkerMessages.Complete(worker: worker, transcript: WorkerMessages.Transcript(transcript)))
        return try Self.decode(WorkerMessages.Completed.self, data).transcriptID
    }

    public func fail(jobID: Int64, worker: String, error: String, retryable: Bool, policy: RetryPolicy) async throws -> JobState {
        defer { links.forget(jobID) }
        let handBack = policy == RetryPolicy(baseDelay: 0, maxDelay: 0)
        let (_, data) = try await post(
            "/worker/jobs/\(jobID)/fail", WorkerMessages.Fail(worker: worker, error: error, retryable: retryable, handBack: handBack))
        return try Self.decode(WorkerMessages.Failed.self, data).state
    }

    public func media(recordingID: Int64, jobID: Int64, worker: String) async throws -> JobMedia {
        guard let link = links.link(for: jobID) else {
            throw PipelineError(step: "media", "the server gave no media link for job \(jobID)", isRetryable: true)
        }
        try PrivateFiles.createFolder(downloads)
        let file = downloads.appendingPathComponent("job-\(jobID)-\(UUID().uuidString.prefix(8).lowercased()).media")
        try PrivateFiles.createFile(file)
        do {
            try await download(link, into: file)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
        return JobMedia(url: file, isTemporary: true)
    }

    /// Fetches `link` into `file` range by range; a failed range is asked again from the same offset.
    func download(_ link: URL, into file: URL) async throws {
        var offset: Int64 = 0
        var total: Int64?
        var failures = 0
        while total.map({ offset < $0 }) ?? true {
            var request = URLRequest(url: link)
            request.timeoutInterval = Self.requestTimeout
            request.setValue("bytes=\(offset)-\(offset + Int64(Self.chunkSize) - 1)", forHTTPHeaderField: "Range")
            let data: Data
            let response: HTTPURLResponse
            do {
                let (body, answer) = try await URLSession.shared.data(for: request)
                data = body
                response = answer as! HTTPURLResponse
            } catch {
                failures += 1
                guard failures < Self.attemptsPerChunk else { throw error }
                logger.warning("media download interrupted; resuming", metadata: ["offset": "\(offset)", "error": "\(error)"])
                try await Task.sleep(nanoseconds: UInt64(failures) * 500_000_000)
                continue
            }
            switch response.statusCode {
            case 206:
                let header = response.allHeaderFields.first { "\($0.key)".lowercased() == "content-range" }.map { "\($0.value)" }
                guard let range = header,
                    let size = range.split(separator: "/").last.flatMap({ Int64($0) })
                else {
                    throw RemoteWorkerError(
                        status: 206, code: "bad_range", "the server answered a range without its size",
                        fr: "le serveur a répondu une plage sans sa taille")
                }
                total = size
            case 200:
                // The whole file at once (an empty file has no range to ask for).
                guard offset == 0 else {
                    throw RemoteWorkerError(
                        status: 200, code: "bad_range", "the server ignored the requested byte range",
                        fr: "le serveur a ignoré la plage d’octets demandée")
                }
                total = Int64(data.count)
            case 416 where offset == 0:
                total = 0
                continue
            default:
                throw RemoteWorkerError(response.statusCode, data)
            }
            failures = 0
            let chunk = data
            try await BlockingWork.run {
                let handle = try FileHandle(forWritingTo: file)
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: chunk)
            }
            offset += Int64(chunk.count)
            if chunk.isEmpty, total.map({ offset < $0 }) ?? true {
                throw RemoteWorkerError(
                    status: response.statusCode, code: "short_media", "the server sent no bytes for the media's range at \(offset)",
                    fr: "le serveur n’a envoyé aucun octet pour la plage du média à \(offset)")
            }
        }
    }

    /// POSTs `body` as JSON; a `409` (lease lost, job cancelled) becomes ``Store/StoreError`` `.leaseLost`.
    private func post(_ path: String, _ body: some Encodable) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: path, relativeTo: server)!.absoluteURL)
        request.httpMethod = "POST"
        request.timeoutInterval = Self.requestTimeout
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("en", forHTTPHeaderField: "Accept-Language")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        request.httpBody = try encoder.encode(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as! HTTPURLResponse).statusCode
        guard (200..<300).contains(status) else {
            let error = RemoteWorkerError(status, data)
            if status == 409, error.code == "lease_lost" || error.code == "job_cancelled" {
                throw StoreError(.leaseLost, error.message, fr: error.french)
            }
            throw error
        }
        return (status, data)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: data)
    }
}

/// The media links of the jobs a remote worker holds.
private final class LinkBook: Sendable {
    private let links = Mutex<[Int64: URL]>([:])

    func keep(_ link: URL, for jobID: Int64) { links.withLock { $0[jobID] = link } }
    func link(for jobID: Int64) -> URL? { links.withLock { $0[jobID] } }
    func forget(_ jobID: Int64) { _ = links.withLock { $0.removeValue(forKey: jobID) } }
}

/// A refusal or failure answered by the server's worker API.
public struct RemoteWorkerError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status (0 when no answer came).
    public var status: Int
    /// The server's error code (`forbidden`, `invalid_media_link`...).
    public var code: String
    /// What went wrong, in English.
    public var message: String
    /// The same in French.
    public var french: String?

    /// Creates an error.
    public init(status: Int, code: String, _ message: String, fr french: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.french = french
    }

    /// The error of an answer with `status` and a JSON error `body`.
    init(_ status: Int, _ body: Data) {
        struct Body: Decodable {
            struct Detail: Decodable {
                var code: String
                var message: String
            }
            var error: Detail
        }
        let detail = try? JSONDecoder().decode(Body.self, from: body).error
        self.init(
            status: status, code: detail?.code ?? "http_\(status)",
            detail?.message ?? "the server answered HTTP \(status)", fr: detail == nil ? "le serveur a répondu HTTP \(status)" : nil)
    }

    /// `status code: message`.
    public var description: String { "\(status) \(code): \(message)" }
}
