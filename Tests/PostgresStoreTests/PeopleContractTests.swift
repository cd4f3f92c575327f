import Foundation
import Store
import Testing

@testable import PostgresStore

/// Studies, users, memberships, access, tokens, accounts, sessions and lock-out: the same bodies
/// run on SQLite and on PostgreSQL, which must agree on results, order and errors.
@Suite("Store contract: studies, tokens, people")
struct PeopleContractTests {
    static let bcrypt = "$2b$04$abcdefghijklmnopqrstuuJ1iC0b4uU5m2ZQJ4o3m1ZQF8wW2a6u."
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func hash(_ n: Int) -> String { Hashing.sha256Hex(Array("secret-\(n)".utf8)) }

    static func session(_ n: Int, user: Int64, at date: Date = start) -> UserSession {
        UserSession(
            secretHash: hash(n), userID: user, csrfToken: "csrf-\(n)", createdAt: date, lastSeenAt: date,
            expiresAt: date.addingTimeInterval(7 * 86_400))
    }

    @Test(arguments: StoreBackend.allCases)
    func studiesAndUsersRoundTripAndRefuseBadInput(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store

        let blank = await #expect(throws: StoreError.self) { try await store.createStudy(name: "  ", details: "") }
        #expect(blank?.kind == .invalidInput)
        let long = await #expect(throws: StoreError.self) {
            try await store.createStudy(name: String(repeating: "é", count: 201), details: "")
        }
        #expect(long?.kind == .invalidInput)

        let first = try await store.createStudy(name: "Parcours de soins", details: "Entretiens semi-directifs")
        let second = try await store.createStudy(name: "Après-cancer", details: "")
        let firstID = try #require(first.id)
        #expect(try #require(second.id) > firstID)
        #expect(try await store.studies().map(\.name) == ["Parcours de soins", "Après-cancer"])
        let read = try #require(try await store.study(id: firstID))
        #expect(read.name == "Parcours de soins" && read.details == "Entretiens semi-directifs")
        #expect(!read.blindCoding && !read.blindNames)
        #expect(try await store.study(id: firstID + 1000) == nil)

        let notEmail = await #expect(throws: StoreError.self) { try await store.createUser(name: "Ana", email: "ana") }
        #expect(notEmail?.kind == .invalidInput && notEmail?.french != nil)
        let ana = try await store.createUser(name: "Ana", email: "Ana.Martin@Example.org")
        let bruno = try await store.createUser(name: "Bruno", email: "bruno@example.org")
        let taken = await #expect(throws: StoreError.self) {
            try await store.createUser(name: "Ana bis", email: "ana.martin@example.ORG")
        }
        #expect(taken?.kind == .conflict && taken?.french != nil)
        #expect(try await store.user(email: "ANA.MARTIN@example.org")?.id == ana.id)
        #expect(try await store.user(email: "nobody@example.org") == nil)
        #expect(try await store.user(id: try #require(bruno.id))?.email == "bruno@example.org")
        #expect(try await store.users().map(\.name) == ["Ana", "Bruno"])
    }

    @Test(arguments: StoreBackend.allCases)
    func membershipsKeepAnAdministratorAndAccessSaysWhy(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let studyID = try #require(try await store.createStudy(name: "Étude", details: "").id)
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let bruno = try #require(try await store.createUser(name: "Bruno", email: "bruno@example.org").id)

        #expect(try await store.access(studyID: studyID + 99, userID: ana) == .noSuchStudy)
        #expect(try await store.access(studyID: studyID, userID: ana) == .notMember)
        try await store.setMembership(studyID: studyID, userID: bruno, role: .coder)
        try await store.setMembership(studyID: studyID, userID: ana, role: .admin)
        #expect(try await store.access(studyID: studyID, userID: ana) == .member(.admin))
        #expect(try await store.access(studyID: studyID, userID: bruno) == .member(.coder))
        #expect(try await store.memberships(studyID: studyID).map(\.userID) == [ana, bruno], "by user id")

        let demote = await #expect(throws: StoreError.self) {
            try await store.setMembership(studyID: studyID, userID: ana, role: .researcher)
        }
        #expect(demote?.kind == .conflict && demote?.french != nil)
        let remove = await #expect(throws: StoreError.self) { try await store.removeMembership(studyID: studyID, userID: ana) }
        #expect(remove?.kind == .conflict)
        #expect(try await store.access(studyID: studyID, userID: ana) == .member(.admin), "nothing changed")

        try await store.setMembership(studyID: studyID, userID: bruno, role: .admin)
        try await store.removeMembership(studyID: studyID, userID: ana)
        #expect(try await store.memberships(studyID: studyID) == [StudyMembership(studyID: studyID, userID: bruno, role: .admin)])
        let missing = await #expect(throws: StoreError.self) { try await store.removeMembership(studyID: studyID, userID: ana) }
        #expect(missing?.kind == .notFound)
        let orphan = await #expect(throws: StoreError.self) {
            try await store.setMembership(studyID: studyID + 99, userID: ana, role: .coder)
        }
        #expect(orphan?.kind == .invalidInput, "a study that does not exist")
    }

    @Test(arguments: StoreBackend.allCases)
    func twoAdministratorsRemovedAtOnceLeaveOne(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        for round in 0..<5 {
            let studyID = try #require(try await store.createStudy(name: "Étude \(round)", details: "").id)
            var admins: [Int64] = []
            for n in 0..<2 {
                let id = try #require(try await store.createUser(name: "A\(n)", email: "a\(n)-\(round)@example.org").id)
                try await store.setMembership(studyID: studyID, userID: id, role: .admin)
                admins.append(id)
            }
            let outcomes = await withTaskGroup(of: StoreError.Kind?.self) { group in
                for id in admins {
                    group.addTask {
                        do {
                            try await store.removeMembership(studyID: studyID, userID: id)
                            return nil
                        } catch let error as StoreError {
                            return error.kind
                        } catch {
                            return .database
                        }
                    }
                }
                return await group.reduce(into: [StoreError.Kind?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.contains(.conflict), "round \(round): \(outcomes)")
            #expect(try await store.memberships(studyID: studyID).count == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func tokensAreStoredHashedListedNewestFirstAndRevokedOnce(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let ana = try #require(try await store.createUser(name: "Ana", email: "ana@example.org").id)
        let bruno = try #require(try await store.createUser(name: "Bruno", email: "bruno@example.org").id)

        let badHash = await #expect(throws: StoreError.self) {
            try await store.addToken(APIToken(tokenHash: "not-hex", userID: ana, isAdmin: false))
        }
        #expect(badHash?.kind == .invalidInput)
        let noUser = await #expect(throws: StoreError.self) {
            try await store.addToken(APIToken(tokenHash: Self.hash(1), userID: ana + 99, isAdmin: false))
        }
        #expect(noUser?.kind == .notFound)

        let laptop = try await store.addToken(
            APIToken(id: 77, tokenHash: Self.hash(1), userID: ana, isAdmin: true, label: "portable", createdAt: Self.start))
        let worker = try await store.addToken(
            APIToken(
                tokenHash: Self.hash(2), userID: ana, isAdmin: false, label: "worker", createdAt: Self.start,
                expiresAt: Self.start.addingTimeInterval(3600)))
        _ = try await store.addToken(APIToken(tokenHash: Self.hash(3), userID: bruno, isAdmin: false, createdAt: Self.start))
        let duplicate = await #expect(throws: StoreError.self) {
            try await store.addToken(APIToken(tokenHash: Self.hash(1), userID: bruno, isAdmin: false))
        }
        #expect(duplicate?.kind == .conflict)

        #expect(laptop.id != 77, "the id is assigned by the store")
        #expect(try await store.tokens(userID: ana).map(\.label) == ["worker", "portable"])
        let holder = try #require(try await store.tokenHolder(hash: Self.hash(2)))
        #expect(holder.user.email == "ana@example.org")
        #expect(holder.token.expiresAt == Self.start.addingTimeInterval(3600) && holder.token.status(at: Self.start) == .active)
        #expect(try await store.tokenHolder(hash: Self.hash(9)) == nil)

        let revoked = try await store.revokeToken(id: try #require(worker.id), userID: ana, at: Self.start.addingTimeInterval(10))
        #expect(revoked.revokedAt == Self.start.addingTimeInterval(10))
        let again = try await store.revokeToken(id: try #require(worker.id), userID: ana, at: Self.start.addingTimeInterval(20))
        #expect(again.revokedAt == Self.start.addingTimeInterval(10), "the first revocation time stays")
        let notTheirs = await #expect(throws: StoreError.self) {
            try await store.revokeToken(id: try #require(worker.id), userID: bruno, at: Self.start)
        }
        #expect(notTheirs?.kind == .notFound && notTheirs?.french != nil)

        #expect(try await store.revokeTokens(userID: ana, at: Self.start.addingTimeInterval(30)) == 1)
        #expect(try await store.revokeTokens(userID: ana, at: Self.start.addingTimeInterval(40)) == 0)
        #expect(try await store.tokenHolder(hash: Self.hash(3))?.token.revokedAt == nil, "Bruno's token untouched")

        try await store.markTokenUsed(id: try #require(laptop.id), at: Self.start.addingTimeInterval(50))
        #expect(try await store.tokenHolder(hash: Self.hash(1))?.token.lastUsedAt == Self.start.addingTimeInterval(50))
    }

    @Test(arguments: StoreBackend.allCases)
    func fiveFailuresWithinTheWindowLockTheAccount(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let id = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        func fail(_ minutes: Double) async throws -> Date? {
            try await store.recordSignInFailure(
                userID: id, at: Self.start.addingTimeInterval(minutes * 60), window: 900, limit: 5, lockFor: 900)
        }
        #expect(try await fail(0) == nil)
        #expect(try await fail(1) == nil)
        for minute in [20.0, 21, 22, 23] { #expect(try await fail(minute) == nil) }
        let until = try #require(try await fail(30), "the fifth failure within 15 minutes locks")
        #expect(until == Self.start.addingTimeInterval(45 * 60))
        #expect(try await store.account(userID: id).isLocked(at: Self.start.addingTimeInterval(44 * 60)))
        #expect(try await store.account(userID: id).isLocked(at: Self.start.addingTimeInterval(45 * 60)) == false)
        #expect(try await fail(46) == nil, "the failures were forgotten with the lock")
        for minute in [47.0, 48, 49] { #expect(try await fail(minute) == nil) }
        try await store.clearSignInFailures(userID: id)
        #expect(try await fail(50) == nil, "cleared: five more are needed")
        let missing = await #expect(throws: StoreError.self) {
            try await store.recordSignInFailure(userID: id + 99, at: Self.start, window: 900, limit: 5, lockFor: 900)
        }
        #expect(missing?.kind == .notFound)
    }

    @Test(arguments: StoreBackend.allCases)
    func accountsSessionsPasswordsAndDeactivation(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let admin = try await store.createUser(
            name: "Chloé", email: "chloe@example.org", account: UserAccount(userID: 0, passwordHash: Self.bcrypt, isAdmin: true))
        let adminID = try #require(admin.id)
        #expect(try await store.account(userID: adminID) == UserAccount(userID: adminID, passwordHash: Self.bcrypt, isAdmin: true))
        let id = try #require(try await store.createUser(name: "Alice", email: "alice@example.org").id)
        #expect(try await store.account(userID: id) == UserAccount(userID: id), "the defaults without a stored account")
        let noUser = await #expect(throws: StoreError.self) { try await store.account(userID: id + 99) }
        #expect(noUser?.kind == .notFound)
        let saveMissing = await #expect(throws: StoreError.self) { try await store.saveAccount(UserAccount(userID: id + 99)) }
        #expect(saveMissing?.kind == .notFound)

        let notBcrypt = await #expect(throws: StoreError.self) {
            try await store.setPassword(userID: id, hash: "plain", mustChange: false, at: Self.start, keepingSession: nil)
        }
        #expect(notBcrypt?.kind == .invalidInput)
        let badSession = await #expect(throws: StoreError.self) {
            try await store.addSession(UserSession(
                secretHash: "x", userID: id, csrfToken: "c", createdAt: Self.start, lastSeenAt: Self.start, expiresAt: Self.start))
        }
        #expect(badSession?.kind == .invalidInput)
        let orphanSession = await #expect(throws: StoreError.self) { try await store.addSession(Self.session(9, user: id + 99)) }
        #expect(orphanSession?.kind == .notFound)

        let kept = try await store.addSession(Self.session(1, user: id))
        let other = try await store.addSession(Self.session(2, user: id))
        let keptID = try #require(kept.id)
        let holder = try #require(try await store.sessionHolder(hash: Self.hash(1)))
        #expect(holder.user.id == id && holder.account == UserAccount(userID: id) && holder.session.csrfToken == "csrf-1")
        #expect(try await store.sessionHolder(hash: Self.hash(8)) == nil)

        for minute in 0..<3 {
            _ = try await store.recordSignInFailure(
                userID: id, at: Self.start.addingTimeInterval(Double(minute) * 60), window: 900, limit: 3, lockFor: 900)
        }
        #expect(try await store.account(userID: id).isLocked(at: Self.start.addingTimeInterval(120)))
        try await store.setPassword(
            userID: id, hash: Self.bcrypt, mustChange: true, at: Self.start.addingTimeInterval(180), keepingSession: keptID)
        let account = try await store.account(userID: id)
        #expect(account.passwordHash == Self.bcrypt && account.mustChangePassword && account.lockedUntil == nil)
        #expect(account.passwordChangedAt == Self.start.addingTimeInterval(180))
        #expect(try await store.session(id: keptID) != nil)
        #expect(try await store.session(id: try #require(other.id)) == nil, "the other session ended")

        try await store.touchSession(id: keptID, at: Self.start.addingTimeInterval(240))
        #expect(try await store.session(id: keptID)?.lastSeenAt == Self.start.addingTimeInterval(240))

        _ = try await store.addToken(APIToken(tokenHash: Self.hash(5), userID: id, isAdmin: false, createdAt: Self.start))
        let off = try await store.setActive(userID: id, false, at: Self.start.addingTimeInterval(300))
        #expect(off.deactivatedAt == Self.start.addingTimeInterval(300) && !off.isActive)
        #expect(try await store.sessionHolder(hash: Self.hash(1)) == nil, "deactivation ends every session")
        #expect(try await store.tokens(userID: id).map(\.revokedAt) == [Self.start.addingTimeInterval(300)])
        let offAgain = try await store.setActive(userID: id, false, at: Self.start.addingTimeInterval(400))
        #expect(offAgain.deactivatedAt == Self.start.addingTimeInterval(300), "the first deactivation time stays")
        #expect(try await store.setActive(userID: id, true, at: Self.start.addingTimeInterval(500)).isActive)
        #expect(try await store.tokens(userID: id).allSatisfy { $0.status(at: Self.start) == .revoked })

        let session3 = try await store.addSession(Self.session(3, user: id))
        try await store.deleteSession(id: try #require(session3.id))
        try await store.deleteSession(id: try #require(session3.id))
        #expect(try await store.session(id: try #require(session3.id)) == nil)

        var saved = try await store.account(userID: id)
        saved.isAdmin = true
        try await store.saveAccount(saved)
        #expect(try await store.account(userID: id).isAdmin)
    }
}
