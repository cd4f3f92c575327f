import HTTPTypes
import NIOHTTP1
import Testing

@testable import Service

/// A client that hangs up in the middle of its request is not a server failure.
@Suite("Client disconnects")
struct ClientDisconnectTests {
    /// NIO reports a request cut short as `HTTPParserError.invalidEOFState`: a 4xx, logged at debug level, not a 500.
    @Test func aRequestCutShortIsNotAServerError() {
        let error = ErrorMiddleware<ServiceRequestContext>.map(HTTPParserError.invalidEOFState)
        #expect(error.status.code == 400)
        #expect(error.code == "incomplete_request")
    }
}
