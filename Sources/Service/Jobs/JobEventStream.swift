import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Follows a job as server-sent events (`text/event-stream`): a `progress` event whenever its
/// state or progress changes, then one final `done` event when it succeeds, fails or is cancelled.
struct JobEventStream {
    let store: any Store
    let jobID: Int64
    /// How often the store is polled, in seconds.
    var interval: Double = 0.25
    /// The stream ends after this long even if the job is still running; clients reconnect.
    var maxDuration: Double = 3600

    /// The event payload.
    struct Event: Codable {
        var id: Int64
        var state: JobState
        var progress: Double
        var attempts: Int
        var error: String?
    }

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let store = store, jobID = jobID, interval = interval, maxDuration = maxDuration
        let body = ResponseBody { writer in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var last: Event?
            let deadline = Date().addingTimeInterval(maxDuration)
            while Date() < deadline {
                guard let job = try await store.job(id: jobID) else { break }
                let event = Event(id: jobID, state: job.state, progress: job.progress, attempts: job.attempts, error: job.error)
                let finished = [.succeeded, .failed, .cancelled].contains(job.state)
                if finished || last?.state != event.state || last?.progress != event.progress || last?.attempts != event.attempts {
                    let json = String(decoding: try encoder.encode(event), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: \(finished ? "done" : "progress")\ndata: \(json)\n\n"))
                    last = event
                }
                if finished { break }
                try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
