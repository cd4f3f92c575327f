import Foundation
import Store
import Testing

/// The study's coding settings on both backends: pseudonymised for coders is off by default,
/// set with the blind settings in one write, read back, and refused for a missing study.
@Suite("Store contract: study settings")
struct StudySettingsContractTests {
    @Test(arguments: StoreBackend.allCases)
    func pseudonymisedForCodersIsStoredWithTheBlindSettings(_ backend: StoreBackend) async throws {
        guard let opened = try await backend.open() else { return }
        defer { opened.close() }
        let store = opened.store
        let created = try await store.createStudy(name: "Oncologie", details: "")
        let studyID = try #require(created.id)
        #expect(created.pseudonymisedForCoders == false)
        #expect(try await store.study(id: studyID)?.pseudonymisedForCoders == false)

        let set = try await store.setStudySettings(studyID: studyID, blindCoding: true, blindNames: false, pseudonymisedForCoders: true)
        #expect(set.pseudonymisedForCoders && set.blindCoding && !set.blindNames)
        let read = try #require(try await store.study(id: studyID))
        #expect(read == set)
        #expect(try await store.studies().first { $0.id == studyID }?.pseudonymisedForCoders == true)
        // The older blind-only setter keeps the privacy setting.
        let blinded = try await store.setStudyBlinding(studyID: studyID, blindCoding: false, blindNames: true)
        #expect(blinded.pseudonymisedForCoders && !blinded.blindCoding && blinded.blindNames)

        let cleared = try await store.setStudySettings(studyID: studyID, blindCoding: false, blindNames: false, pseudonymisedForCoders: false)
        #expect(!cleared.pseudonymisedForCoders)
        await #expect(throws: StoreError.self) {
            _ = try await store.setStudySettings(studyID: 9_999, blindCoding: false, blindNames: false, pseudonymisedForCoders: true)
        }
    }
}
