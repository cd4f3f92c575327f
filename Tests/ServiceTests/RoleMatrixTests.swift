import Foundation
import Service
import Store
import Testing

/// Walks every endpoint × caller (each study role, a non-member, an installation admin, nobody).
@Suite("Role matrix")
struct RoleMatrixTests {
    /// Who may call an endpoint.
    enum Allowed {
        case anyMember, managers, studyAdmin, installationAdmin

        func permits(_ caller: String) -> Bool {
            switch (self, caller) {
            case (_, "installationAdmin"): true
            case (.anyMember, "studyAdmin"), (.anyMember, "researcher"), (.anyMember, "coder"): true
            case (.managers, "studyAdmin"), (.managers, "researcher"): true
            case (.studyAdmin, "studyAdmin"): true
            default: false
            }
        }
    }

    struct Endpoint {
        var method: String
        var path: String
        var body: Data?
        var allowed: Allowed
    }

    /// Paths of every endpoint, as the OpenAPI document names them.
    static let documentedPaths = [
        "/health", "/metrics", "/openapi.json", "/me", "/me/tokens", "/me/tokens/{tokenID}", "/users", "/users/{userID}/tokens", "/studies", "/studies/{studyID}", "/studies/{studyID}/members",
        "/studies/{studyID}/members/{userID}", "/studies/{studyID}/participants", "/participants/{participantID}",
        "/participants/{participantID}/attributes/{name}", "/participants/{participantID}/erasure", "/studies/{studyID}/recordings",
        "/recordings/{recordingID}",
        "/recordings/{recordingID}/media", "/recordings/{recordingID}/media-token", "/recordings/{recordingID}/participants",
        "/recordings/{recordingID}/participants/{participantID}",
        "/recordings/{recordingID}/jobs", "/studies/{studyID}/jobs", "/jobs/{jobID}", "/jobs/{jobID}/cancel", "/jobs/{jobID}/retry",
        "/jobs/{jobID}/events", "/recordings/{recordingID}/transcript", "/recordings/{recordingID}/transcripts",
        "/transcripts/{transcriptID}",
        "/transcripts/{transcriptID}/versions", "/recordings/{recordingID}/speakers", "/recordings/{recordingID}/speakers/{speakerID}",
        "/studies/{studyID}/codes", "/transcripts/{transcriptID}/codings", "/transcripts/{transcriptID}/codings/{codingID}",
        "/studies/{studyID}/memos", "/studies/{studyID}/search", "/studies/{studyID}/export", "/transcripts/{transcriptID}/agreement",
        "/participants/{participantID}/biometrics", "/participants/{participantID}/biometrics/markers",
        "/transcripts/{transcriptID}/biometrics",
        "/recordings/{recordingID}/biometrics/series", "/recordings/{recordingID}/clock", "/audit", "/audit/verify",
        "/transcripts/{transcriptID}/coding-status", "/transcripts/{transcriptID}/completions/{userID}",
        "/transcripts/{transcriptID}/disagreements", "/transcripts/{transcriptID}/consensus", "/uploads", "/uploads/{uploadID}",
    ]

    static func json(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    static func endpoints(_ f: StudyFixture) -> [Endpoint] {
        let s = f.studyID, r = f.recordingID, t = f.transcriptID, p = f.participantID
        return [
            Endpoint(method: "GET", path: "/studies/\(s)", allowed: .anyMember),
            Endpoint(method: "GET", path: "/studies/\(s)/members", allowed: .managers),
            Endpoint(method: "PUT", path: "/studies/\(s)/members/\(f.spareUserID)", body: json(["role": "coder"]), allowed: .studyAdmin),
            Endpoint(method: "DELETE", path: "/studies/\(s)/members/\(f.spareUserID)", allowed: .studyAdmin),
            Endpoint(method: "POST", path: "/studies/\(s)/participants", body: json(["pseudonym": "P-NEW"]), allowed: .managers),
            Endpoint(method: "GET", path: "/studies/\(s)/participants", allowed: .anyMember),
            Endpoint(method: "GET", path: "/participants/\(p)", allowed: .anyMember),
            Endpoint(method: "PUT", path: "/participants/\(p)/attributes/site", body: json(["value": "Lyon"]), allowed: .managers),
            Endpoint(method: "GET", path: "/participants/\(p)/erasure", allowed: .studyAdmin),
            Endpoint(method: "DELETE", path: "/participants/\(f.erasableParticipantID)", allowed: .studyAdmin),
            Endpoint(method: "POST", path: "/studies/\(s)/recordings?title=x", body: Data("not media".utf8), allowed: .managers),
            Endpoint(method: "GET", path: "/studies/\(s)/recordings", allowed: .anyMember),
            Endpoint(method: "GET", path: "/recordings/\(r)", allowed: .anyMember),
            Endpoint(method: "GET", path: "/recordings/\(r)/media", allowed: .anyMember),
            Endpoint(method: "POST", path: "/recordings/\(r)/media-token", allowed: .anyMember),
            Endpoint(method: "GET", path: "/recordings/\(r)/participants", allowed: .anyMember),
            Endpoint(method: "PUT", path: "/recordings/\(r)/participants/\(p)", body: json(["role": "interviewee"]), allowed: .managers),
            Endpoint(method: "POST", path: "/recordings/\(r)/jobs", body: json(["model": "no-such-model"]), allowed: .managers),
            Endpoint(method: "GET", path: "/studies/\(s)/jobs", allowed: .anyMember),
            Endpoint(method: "GET", path: "/jobs/\(f.jobID)", allowed: .anyMember),
            Endpoint(method: "GET", path: "/jobs/\(f.jobID)/events", allowed: .anyMember),
            Endpoint(method: "POST", path: "/jobs/\(f.jobID)/cancel", allowed: .managers),
            Endpoint(method: "POST", path: "/jobs/\(f.jobID)/retry", allowed: .managers),
            Endpoint(method: "GET", path: "/recordings/\(r)/transcript", allowed: .anyMember),
            Endpoint(method: "GET", path: "/recordings/\(r)/transcripts", allowed: .anyMember),
            Endpoint(method: "GET", path: "/transcripts/\(t)", allowed: .anyMember),
            Endpoint(
                method: "POST", path: "/transcripts/\(t)/versions", body: json(["edits": [["index": 0, "text": "Bonjour !"]]]),
                allowed: .managers),
            Endpoint(method: "GET", path: "/recordings/\(r)/speakers", allowed: .anyMember),
            Endpoint(
                method: "PUT", path: "/recordings/\(r)/speakers/\(f.speakerID)",
                body: json(["isInterviewer": true, "label": "Enquêtrice"]), allowed: .managers),
            Endpoint(
                method: "POST", path: "/studies/\(s)/codes", body: json(["name": "c\(UUID().uuidString.prefix(6))"]), allowed: .managers),
            Endpoint(method: "GET", path: "/studies/\(s)/codes", allowed: .anyMember),
            Endpoint(
                method: "POST", path: "/transcripts/\(t)/codings", body: json(["codeID": f.codeID, "charStart": 0, "charEnd": 7]),
                allowed: .anyMember),
            Endpoint(method: "GET", path: "/transcripts/\(t)/codings", allowed: .anyMember),
            Endpoint(method: "DELETE", path: "/transcripts/\(t)/codings/999999", allowed: .anyMember),
            Endpoint(method: "POST", path: "/studies/\(s)/memos", body: json(["title": "m", "text": "note"]), allowed: .anyMember),
            Endpoint(method: "GET", path: "/studies/\(s)/memos", allowed: .anyMember),
            Endpoint(method: "GET", path: "/studies/\(s)/search?q=bonjour", allowed: .anyMember),
            Endpoint(method: "GET", path: "/studies/\(s)/export?format=json", allowed: .anyMember),
            Endpoint(method: "GET", path: "/studies/\(s)/export?format=qdpx&sensitive=true", allowed: .managers),
            Endpoint(method: "GET", path: "/transcripts/\(t)/agreement", allowed: .managers),
            Endpoint(method: "PATCH", path: "/studies/\(s)", body: json(["blindNames": false]), allowed: .studyAdmin),
            Endpoint(method: "GET", path: "/transcripts/\(t)/coding-status", allowed: .anyMember),
            // A coder reads the disagreements only once every coder has finished: none has here.
            Endpoint(method: "GET", path: "/transcripts/\(t)/disagreements", allowed: .managers),
            Endpoint(
                method: "POST", path: "/transcripts/\(t)/consensus", body: json(["unitIndex": 0, "keepCoders": [Int](), "codeIDs": [Int]()]),
                allowed: .managers),
            Endpoint(method: "DELETE", path: "/transcripts/\(t)/completions/\(f.spareUserID)", allowed: .studyAdmin),
            Endpoint(method: "POST", path: "/participants/\(p)/biometrics?filename=x.csv", body: Data("nothing".utf8), allowed: .managers),
            Endpoint(method: "GET", path: "/participants/\(p)/biometrics", allowed: .managers),
            Endpoint(method: "GET", path: "/transcripts/\(t)/biometrics?by=segment&format=csv", allowed: .managers),
            Endpoint(method: "GET", path: "/recordings/\(r)/biometrics/series?kinds=heartRate", allowed: .managers),
            Endpoint(method: "GET", path: "/recordings/\(r)/clock", allowed: .managers),
            Endpoint(method: "GET", path: "/participants/\(p)/biometrics/markers", allowed: .managers),
            Endpoint(method: "PUT", path: "/recordings/\(r)/clock", body: json(["offset": 0.5]), allowed: .managers),
            Endpoint(method: "GET", path: "/audit", allowed: .installationAdmin),
            Endpoint(method: "GET", path: "/audit/verify", allowed: .installationAdmin),
            Endpoint(
                method: "POST", path: "/users", body: json(["name": "N", "email": "n\(UUID().uuidString.prefix(6))@x.org"]),
                allowed: .installationAdmin),
            Endpoint(method: "POST", path: "/studies", body: json(["name": "Another"]), allowed: .installationAdmin),
            Endpoint(method: "GET", path: "/users/\(f.spareUserID)/tokens", allowed: .installationAdmin),
            Endpoint(method: "DELETE", path: "/users/\(f.spareUserID)/tokens", allowed: .installationAdmin),
        ]
    }

    @Test func everyEndpointChecksAuthenticationAndRole() async throws {
        let server = try await TestServer.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let callers = ["outsider", "coder", "researcher", "studyAdmin", "installationAdmin"]
        var checked = 0
        for endpoint in Self.endpoints(fixture) {
            let anonymous = try await server.send(endpoint.method, endpoint.path, body: endpoint.body)
            #expect(anonymous.status == 401, "\(endpoint.method) \(endpoint.path) without a token gave \(anonymous.status)")
            for caller in callers {
                let reply = try await server.send(endpoint.method, endpoint.path, token: fixture.tokens[caller], body: endpoint.body)
                if endpoint.allowed.permits(caller) {
                    #expect(
                        reply.status != 401 && reply.status != 403 && reply.status < 500,
                        "\(caller) should be allowed \(endpoint.method) \(endpoint.path) but got \(reply.status) \(reply.text)")
                } else {
                    #expect(reply.status == 403, "\(caller) should be refused \(endpoint.method) \(endpoint.path) but got \(reply.status)")
                    #expect(reply.errorCode == "forbidden" || reply.errorCode == "not_a_member")
                }
                checked += 1
            }
        }
        #expect(checked == Self.endpoints(fixture).count * callers.count)
    }
}
