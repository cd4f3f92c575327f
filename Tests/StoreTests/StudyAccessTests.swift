import Foundation
import Testing

@testable import Store

/// The one-query check every request makes: no such study, not a member, or the role held.
@Suite struct StudyAccessTests {
    @Test func accessTellsTheThreeCasesApart() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let store = temporary.store
        let study = try await store.createStudy(name: "Parcours", details: "")
        let other = try await store.createStudy(name: "Autre", details: "")
        let coder = try await store.createUser(name: "Chloé", email: "chloe@example.org")
        try await store.setMembership(studyID: study.id!, userID: coder.id!, role: .coder)
        #expect(try await store.access(studyID: study.id!, userID: coder.id!) == .member(.coder))
        #expect(try await store.access(studyID: other.id!, userID: coder.id!) == .notMember)
        #expect(try await store.access(studyID: 999, userID: coder.id!) == .noSuchStudy)
        try await store.setMembership(studyID: study.id!, userID: coder.id!, role: .researcher)
        #expect(try await store.access(studyID: study.id!, userID: coder.id!) == .member(.researcher))
        try await store.removeMembership(studyID: study.id!, userID: coder.id!)
        #expect(try await store.access(studyID: study.id!, userID: coder.id!) == .notMember)
    }
}
