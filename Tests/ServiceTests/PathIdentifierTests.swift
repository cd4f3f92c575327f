import Foundation
import Service
import Testing

/// Identifiers in paths are 64-bit integers, and the OpenAPI document says so, so that a client
/// (or schemathesis) knows a larger number is refused with 400, not looked up.
@Suite("Path identifiers")
struct PathIdentifierTests {
    @Test func integerPathParametersAreDeclaredInt64() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let document = try #require(
            try JSONSerialization.jsonObject(with: try await server.send("GET", "/openapi.json").body) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var checked = 0
        for (path, operations) in paths {
            for case let (method, operation as [String: Any]) in operations {
                for case let parameter as [String: Any] in operation["parameters"] as? [Any] ?? []
                where parameter["in"] as? String == "path" {
                    guard let schema = parameter["schema"] as? [String: Any], schema["type"] as? String == "integer" else { continue }
                    #expect(schema["format"] as? String == "int64", "\(method.uppercased()) \(path) \(parameter["name"] ?? "")")
                    checked += 1
                }
            }
        }
        #expect(checked > 30)
        let tooBig = try await server.send("GET", "/recordings/99999999999999999999", token: server.adminToken)
        #expect(tooBig.status == 400)
        #expect(tooBig.errorCode == "bad_request")
    }
}
