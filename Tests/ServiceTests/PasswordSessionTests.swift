import Foundation
import Service
import Store
import Testing

/// People sign in with an e-mail and a password: a session cookie that authenticates like a
/// bearer token, guarded against cross-site requests, locked after repeated failures.
@Suite("Password sign-in and sessions")
struct PasswordSessionTests {
    static let password = "correct horse battery"

    /// A server whose bcrypt work is cheap (cost 4), with an adjustable clock.
    static func start(_ configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> TestServer {
        try await TestServer.start {
            $0.bcryptCost = 4
            configure(&$0)
        }
    }

    @Test func signingInSetsAnHttpOnlyStrictCookieThatAuthenticatesLikeAToken() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        let reply = try await browser.signIn("camille@example.org", Self.password)
        #expect(reply.status == 201, "\(reply.text)")
        let setCookie = try #require(reply.headers["set-cookie"])
        let attributes = Set(setCookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        #expect(attributes.contains("httponly") && attributes.contains("samesite=strict") && attributes.contains("path=/"), "\(setCookie)")
        #expect(!attributes.contains("secure"), "no Secure over plain HTTP without --secure-cookies: \(setCookie)")
        let secret = try #require(browser.cookie)
        #expect(secret.count == 64 && Hex.decode(secret)?.count == 32, "a 256-bit secret")
        let csrf = try #require(browser.csrfToken)
        #expect(csrf.count == 64 && csrf != secret)

        let me = try await browser.send("GET", "/me")
        #expect(me.status == 200, "\(me.text)")
        let answered: SessionClient.Me = try me.json()
        #expect(answered.authMethod == "session" && answered.csrfToken == csrf && answered.user.email == "camille@example.org")
        #expect(try await browser.send("GET", "/studies").status == 200)
        // Only the secret's SHA-256 is stored.
        let stored = try #require(try await server.store.sessionHolder(hash: Hashing.sha256Hex(Array(secret.utf8))))
        #expect(stored.session.secretHash != secret && stored.user.email == "camille@example.org")
        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.contains { $0.action == "session.sign_in" && $0.actorID == answered.user.id })
    }

    @Test func secureCookiesMarksTheCookieSecure() async throws {
        let server = try await Self.start { $0.secureCookies = true }
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        let reply = try await browser.signIn("camille@example.org", Self.password)
        let setCookie = try #require(reply.headers["set-cookie"])
        #expect(setCookie.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("secure"), "\(setCookie)")
    }

    @Test func unsafeCookieRequestsNeedTheSessionsCSRFToken() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        try await browser.signIn("camille@example.org", Self.password)

        let without = try await browser.send("POST", "/me/tokens", json: ["label": "laptop"], csrf: false)
        #expect(without.status == 403 && without.errorCode == "csrf", "\(without.text)")
        let french = try await browser.send("POST", "/me/tokens", json: ["label": "laptop"], csrf: false, headers: ["Accept-Language": "fr"])
        #expect(french.status == 403 && french.text.contains("jeton CSRF"), "\(french.text)")
        let wrong = try await browser.send("POST", "/me/tokens", json: ["label": "laptop"], csrf: false, headers: ["X-CSRF-Token": String(repeating: "0", count: 64)])
        #expect(wrong.status == 403 && wrong.errorCode == "csrf")
        let camille = try #require(try await server.store.user(email: "camille@example.org")?.id)
        #expect(try await server.store.tokens(userID: camille).count == 1, "refused requests issued no token")

        let with = try await browser.send("POST", "/me/tokens", json: ["label": "laptop"])
        #expect(with.status == 201, "\(with.text)")
        // Bearer requests carry no ambient credential: no CSRF token needed.
        struct Issued: Decodable { var token: String }
        let token = try with.json(Issued.self).token
        let bearer = try await server.send("POST", "/me/tokens", token: token, json: ["label": "script"])
        #expect(bearer.status == 201, "API tokens still work: \(bearer.text)")
        // Bearer first: a stale cookie beside a valid token does not matter.
        var stale = SessionClient(server)
        stale.cookie = String(repeating: "a", count: 64)
        #expect(try await stale.send("GET", "/me", token: token).status == 200)
    }

    @Test func crossOriginCookieRequestsAreRefused() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        let foreign = try await browser.signIn("camille@example.org", Self.password, headers: ["Origin": "http://evil.example"])
        #expect(foreign.status == 403 && foreign.errorCode == "cross_origin", "sign-in from another site: \(foreign.text)")
        try await browser.signIn("camille@example.org", Self.password, headers: ["Origin": "http://127.0.0.1:\(server.port)"])
        #expect(browser.cookie != nil, "sign-in from the server's own origin works")

        let evil = try await browser.send("GET", "/me", headers: ["Origin": "http://evil.example"])
        #expect(evil.status == 403 && evil.errorCode == "cross_origin", "\(evil.text)")
        let otherPort = try await browser.send("POST", "/me/tokens", json: ["label": "x"], headers: ["Origin": "http://127.0.0.1:1"])
        #expect(otherPort.status == 403 && otherPort.errorCode == "cross_origin")
        let same = try await browser.send("POST", "/me/tokens", json: ["label": "x"], headers: ["Origin": "http://127.0.0.1:\(server.port)"])
        #expect(same.status == 201, "\(same.text)")
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutes() async throws {
        let clock = ServiceClock.adjustable()
        let server = try await Self.start { $0.clock = clock }
        defer { server.shutdown() }
        let id = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        // Four failures, then a pause longer than the window: the count starts again.
        for _ in 0..<4 { #expect(try await browser.signIn("camille@example.org", "wrong password!").status == 401) }
        clock.advance(by: 16 * 60)
        #expect(try await browser.signIn("camille@example.org", "wrong password!").status == 401)
        #expect(try await server.store.account(userID: id).lockedUntil == nil, "failures spread over more than 15 minutes do not lock")

        for _ in 0..<4 { #expect(try await browser.signIn("camille@example.org", "wrong password!").status == 401) }
        let locked = try await server.store.account(userID: id).lockedUntil
        #expect(locked != nil, "the fifth failure within 15 minutes locks the account")
        let refused = try await browser.signIn("camille@example.org", Self.password)
        #expect(refused.status == 401 && refused.errorCode == "sign_in_failed", "the right password is refused while locked")
        // The lock is stored: a new store on the same file sees it (a restart keeps it).
        let reopened = try SQLiteStore(path: server.backend.configuration.databaseURL.path)
        #expect(try await reopened.account(userID: id).isLocked(at: clock.now()))

        clock.advance(by: 14 * 60)
        #expect(try await browser.signIn("camille@example.org", Self.password).status == 401, "still locked after 14 minutes")
        clock.advance(by: 61)
        let after = try await browser.signIn("camille@example.org", Self.password)
        #expect(after.status == 201, "the lock expires after 15 minutes: \(after.text)")

        let events = try await server.store.auditEvents(afterID: 0, limit: 1000)
        #expect(events.filter { $0.action == "user.lock" && $0.targetID == id }.count == 1)
        let failures = events.filter { $0.action == "session.sign_in_failed" && $0.targetID == id }
        #expect(failures.count == 11)
        #expect(failures.filter { $0.details.contains("locked") }.count == 2)
        #expect(!events.contains { $0.details.contains("wrong password") || $0.details.contains(Self.password) }, "no password in the audit log")
    }

    @Test func anUnknownEmailIsAnsweredLikeAWrongPassword() async throws {
        // A realistic cost, so that skipping bcrypt for unknown addresses would show in the timing.
        let server = try await TestServer.start { $0.bcryptCost = 11 }
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        for language in ["en", "fr"] {
            let wrong = try await browser.signIn("camille@example.org", "wrong password!", headers: ["Accept-Language": language])
            let unknown = try await browser.signIn("nobody@example.org", "wrong password!", headers: ["Accept-Language": language])
            #expect(wrong.status == 401 && unknown.status == 401)
            #expect(wrong.errorCode == "sign_in_failed" && unknown.errorCode == wrong.errorCode)
            #expect(wrong.text == unknown.text, "same body: \(wrong.text) / \(unknown.text)")
        }
        #expect(try await browser.signIn("nobody@example.org", "x", headers: ["Accept-Language": "fr"]).text.contains("mot de passe est erroné"))

        // Alternate the two, so that a change in the machine's load weighs on both alike.
        var wrongTimes: [Double] = [], unknownTimes: [Double] = []
        for _ in 0..<5 {
            for (email, index) in [("camille@example.org", 0), ("nobody@example.org", 1)] {
                let start = ContinuousClock.now
                _ = try await browser.signIn(email, "wrong password!")
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                if index == 0 { wrongTimes.append(seconds) } else { unknownTimes.append(seconds) }
            }
        }
        let wrongTime = wrongTimes.sorted()[2], unknownTime = unknownTimes.sorted()[2]
        #expect(unknownTime > wrongTime * 0.5, "an unknown e-mail costs a bcrypt verification too: \(unknownTimes) s vs \(wrongTimes) s")
    }

    @Test func signingOutEndsTheSession() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        try await browser.signIn("camille@example.org", Self.password)
        let secret = try #require(browser.cookie)
        let out = try await browser.send("DELETE", "/sessions/current")
        #expect(out.status == 204, "\(out.text)")
        #expect(out.headers["set-cookie"]?.contains("Max-Age=0") == true, "the cookie is cleared: \(out.headers["set-cookie"] ?? "")")
        let after = try await browser.send("GET", "/me")
        #expect(after.status == 401 && after.errorCode == "session_ended", "\(after.text)")
        #expect(try await server.store.sessionHolder(hash: Hashing.sha256Hex(Array(secret.utf8))) == nil, "the row is deleted")
        // A bearer token has no session to end.
        let bearer = try await server.send("DELETE", "/sessions/current", token: server.adminToken)
        #expect(bearer.status == 400 && bearer.errorCode == "no_session")
    }

    @Test func sessionsEndAfterEightIdleHoursOrSevenDays() async throws {
        let clock = ServiceClock.adjustable()
        let server = try await Self.start { $0.clock = clock }
        defer { server.shutdown() }
        _ = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        try await browser.signIn("camille@example.org", Self.password)
        // Sliding: a request every 7 hours keeps the session open...
        for _ in 0..<3 {
            clock.advance(by: 7 * 3600)
            #expect(try await browser.send("GET", "/me").status == 200)
        }
        clock.advance(by: 8 * 3600 + 1)
        #expect(try await browser.send("GET", "/me").errorCode == "session_ended", "8 idle hours end it")

        try await browser.signIn("camille@example.org", Self.password)
        for _ in 0..<24 {
            clock.advance(by: 7 * 3600)
            let reply = try await browser.send("GET", "/me")
            if reply.status != 200 {
                #expect(reply.errorCode == "session_ended")
                break
            }
        }
        #expect(try await browser.send("GET", "/me").status == 401, "7 days after sign-in the session ends however used")
    }

    @Test func deactivatingAUserRefusesTheirSessionsAndTokensAtTheNextRequest() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        let id = try await server.createPerson("Camille", password: Self.password)
        var browser = SessionClient(server)
        try await browser.signIn("camille@example.org", Self.password)
        struct Issued: Decodable { var token: String }
        let token = try await browser.send("POST", "/me/tokens", json: ["label": "laptop"]).json(Issued.self).token
        #expect(try await browser.send("GET", "/me").status == 200)

        let self_ = try await server.send("PUT", "/users/1/active", token: server.adminToken, json: ["active": false])
        #expect(self_.status == 409 && self_.errorCode == "cannot_deactivate_self")
        let off = try await server.send("PUT", "/users/\(id)/active", token: server.adminToken, json: ["active": false])
        #expect(off.status == 200, "\(off.text)")
        #expect(try await browser.send("GET", "/me").status == 401, "the session is refused at the next request")
        #expect(try await server.send("GET", "/me", token: token).status == 401, "so is the token")
        let again = try await browser.signIn("camille@example.org", Self.password)
        #expect(again.status == 401 && again.errorCode == "sign_in_failed")
        #expect(try await server.store.auditEvents(afterID: 0, limit: 1000).contains { $0.action == "user.deactivate" && $0.targetID == id })
    }

    @Test func aPasswordResetForcesAChangeAtTheNextSignIn() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        let id = try await server.createPerson("Camille", password: Self.password)
        var before = SessionClient(server)
        try await before.signIn("camille@example.org", Self.password)

        struct Reset: Decodable {
            var mustChangePassword: Bool
            var password: String?
        }
        let reset = try await server.send("PUT", "/users/\(id)/password", token: server.adminToken, json: [String: String]())
        #expect(reset.status == 200, "\(reset.text)")
        let generated = try #require(try reset.json(Reset.self).password)
        #expect(generated.count == 20)
        #expect(try await before.send("GET", "/me").status == 401, "a reset ends the open sessions")
        var stranger = SessionClient(server)
        #expect(try await stranger.signIn("camille@example.org", Self.password).status == 401, "the old password is gone")

        var browser = SessionClient(server)
        let signedIn = try await browser.signIn("camille@example.org", generated)
        #expect(signedIn.status == 201)
        #expect(try signedIn.json(SessionClient.Me.self).mustChangePassword)
        let blocked = try await browser.send("GET", "/studies")
        #expect(blocked.status == 403 && blocked.errorCode == "password_change_required", "\(blocked.text)")
        #expect(try await browser.send("GET", "/me").status == 200)

        let weak = try await browser.send("PUT", "/me/password", json: ["currentPassword": generated, "newPassword": "short"])
        #expect(weak.status == 422 && weak.errorCode == "weak_password")
        let wrong = try await browser.send("PUT", "/me/password", json: ["currentPassword": "not it at all", "newPassword": "a brand new passphrase"])
        #expect(wrong.status == 403 && wrong.errorCode == "wrong_password")
        let changed = try await browser.send("PUT", "/me/password", json: ["currentPassword": generated, "newPassword": "a brand new passphrase"])
        #expect(changed.status == 200, "\(changed.text)")
        #expect(try await browser.send("GET", "/studies").status == 200, "the same session goes on after the change")
        var later = SessionClient(server)
        #expect(try await later.signIn("camille@example.org", "a brand new passphrase").status == 201)
        #expect(try await server.store.account(userID: id).mustChangePassword == false)
    }

    @Test func passwordsAreStoredAsBcryptHashesAndFollowThePolicy() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        let id = try await server.createPerson("Camille", password: Self.password)
        let hash = try #require(try await server.store.account(userID: id).passwordHash)
        #expect(hash.hasPrefix("$2b$04$") || hash.hasPrefix("$2y$04$"), "\(hash)")
        #expect(hash.count == 60 && !hash.contains(Self.password))
        try await server.store.setPassword(userID: id, hash: hash, mustChange: false, at: Date(), keepingSession: nil)
        // The password is nowhere in the database file (nor in its write-ahead log).
        for suffix in ["", "-wal"] {
            let file = server.backend.configuration.databaseURL.path + suffix
            if let bytes = FileManager.default.contents(atPath: file) {
                #expect(bytes.range(of: Data(Self.password.utf8)) == nil, "\(file) holds the password")
            }
        }

        let cases: [(String, String)] = [("short pw", "at least 10"), (String(repeating: "x", count: 129), "at most 128"), ("bruno@example.org", "name or e-mail")]
        for (password, message) in cases {
            let reply = try await server.send(
                "POST", "/users", token: server.adminToken,
                json: TestServer.PersonBody(name: "Bruno", email: "bruno@example.org", isAdmin: false, password: password))
            #expect(reply.status == 422 && reply.errorCode == "weak_password" && reply.text.contains(message), "\(reply.text)")
        }
        let french = try await server.send(
            "POST", "/users", token: server.adminToken,
            json: TestServer.PersonBody(name: "Bruno", email: "bruno@example.org", isAdmin: false, password: "court"),
            headers: ["Accept-Language": "fr-FR,fr;q=0.9"])
        #expect(french.text.contains("au moins 10 caractères"), "\(french.text)")
        #expect(try await server.store.user(email: "bruno@example.org") == nil, "a refused user is not stored")
    }

    @Test func aMediaLinkIssuedUnderASessionEndsWithIt() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        let fixture = try await StudyFixture.make(on: server)
        let coder = try #require(try await server.store.memberships(studyID: fixture.studyID).first { $0.role == .coder }?.userID)
        let hash = try await PasswordHasher(cost: 4).hash(Self.password)
        try await server.store.setPassword(userID: coder, hash: hash, mustChange: false, at: Date(), keepingSession: nil)
        let email = try #require(try await server.store.user(id: coder)?.email)
        var browser = SessionClient(server)
        try await browser.signIn(email, Self.password)
        struct Link: Decodable { var url: String }
        let link: Link = try await browser.send("POST", "/recordings/\(fixture.recordingID)/media-token").json()
        #expect(try await SessionClient(server).send("GET", link.url, headers: ["Range": "bytes=0-99"]).status == 206)
        #expect(try await browser.send("DELETE", "/sessions/current").status == 204)
        let refused = try await SessionClient(server).send("GET", link.url, headers: ["Range": "bytes=0-99"])
        #expect(refused.status == 401 && refused.errorCode == "invalid_media_token", "\(refused.text)")
    }

    @Test func studyAdminsAddMembersByEmailAndChangeTheirRole() async throws {
        let server = try await Self.start()
        defer { server.shutdown() }
        let adminID = try await server.createPerson("Alice", password: Self.password)
        let coderID = try await server.createPerson("Chloe", password: Self.password)
        struct Created: Decodable { var id: Int64 }
        let study = try await server.send("POST", "/studies", token: server.adminToken, json: ["name": "Parcours"]).json(Created.self).id
        #expect(try await server.send("PUT", "/studies/\(study)/members/\(adminID)", token: server.adminToken, json: ["role": "admin"]).status == 200)
        var alice = SessionClient(server)
        try await alice.signIn("alice@example.org", Self.password)

        let unknown = try await alice.send("POST", "/studies/\(study)/members", json: ["email": "nobody@example.org", "role": "coder"], headers: ["Accept-Language": "fr"])
        #expect(unknown.status == 404 && unknown.errorCode == "no_such_user" && unknown.text.contains("Aucun utilisateur"), "\(unknown.text)")
        let added = try await alice.send("POST", "/studies/\(study)/members", json: ["email": "CHLOE@example.org", "role": "coder"])
        #expect(added.status == 201, "\(added.text)")
        #expect(try await server.store.access(studyID: study, userID: coderID) == .member(.coder))
        let changed = try await alice.send("PUT", "/studies/\(study)/members/\(coderID)", json: ["role": "researcher"])
        #expect(changed.status == 200)
        #expect(try await server.store.access(studyID: study, userID: coderID) == .member(.researcher))

        var chloe = SessionClient(server)
        try await chloe.signIn("chloe@example.org", Self.password)
        struct Listed: Decodable { var id: Int64 }
        #expect(try await chloe.send("GET", "/studies").json([Listed].self).map(\.id) == [study])
        let refused = try await chloe.send("POST", "/studies/\(study)/members", json: ["email": "alice@example.org", "role": "coder"])
        #expect(refused.status == 403, "only the study's admins manage members")
    }

    @Test func setPasswordOnTheCommandLineLetsTheFirstAdminSignIn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verbatim-setpw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = TestPaths.verbatimExecutable
            process.arguments = arguments
            let stdin = Pipe(), stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stdout
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }
        let created = try run(["admin", "create-user", "--data", directory.path, "--name", "Ada", "--email", "ada@example.org", "--admin"])
        #expect(created.status == 0, "\(created.output)")
        let weak = try run(["admin", "set-password", "--data", directory.path, "--user", "ada@example.org", "--bcrypt-cost", "4"], input: "short\n")
        #expect(weak.status != 0 && weak.output.contains("at least 10"), "\(weak.output)")
        let set = try run(["admin", "set-password", "--data", directory.path, "--user", "ada@example.org", "--bcrypt-cost", "4"], input: "\(Self.password)\n")
        #expect(set.status == 0, "\(set.output)")

        let store = try SQLiteStore(path: directory.appendingPathComponent("verbatim.sqlite").path)
        let user = try #require(try await store.user(email: "ada@example.org"))
        let account = try await store.account(userID: user.id!)
        #expect(account.isAdmin, "create-user --admin makes an installation administrator for sessions too")
        #expect(try await PasswordHasher(cost: 4).verify(Self.password, against: account.passwordHash))
        #expect(try await PasswordHasher(cost: 4).verify("wrong password", against: account.passwordHash) == false)
    }
}
