import Foundation
import Testing

@testable import Store

/// Agreement coefficients checked against scikit-learn and the `krippendorff` package
/// (fixture written by tools/agreement/make_fixtures.py).
@Suite struct AgreementTests {
    struct Fixture: Decodable {
        struct MatrixCase: Decodable {
            var name: String
            var matrix: [[Int?]]
            var alpha: Double?
            var kappa: Double?
        }
        var matrices: [MatrixCase]
    }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("agreement.json")

    static func close(_ actual: Double?, _ expected: Double?) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case let (a?, e?): return abs(a - e) < 1e-9
        default: return false
        }
    }

    @Test func matricesMatchTheOracle() throws {
        let data = try Data(contentsOf: Self.fixtureURL)
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.matrices.count == 12)
        for item in fixture.matrices {
            let alpha = AgreementStatistics.krippendorffAlpha(item.matrix)
            #expect(Self.close(alpha, item.alpha), "\(item.name): alpha \(String(describing: alpha)) vs \(String(describing: item.alpha))")
            if item.matrix.count == 2, item.matrix.allSatisfy({ $0.allSatisfy { $0 != nil } }) {
                let kappa = AgreementStatistics.cohenKappa(item.matrix[0].map { $0! }, item.matrix[1].map { $0! })
                #expect(
                    Self.close(kappa, item.kappa), "\(item.name): kappa \(String(describing: kappa)) vs \(String(describing: item.kappa))")
            }
        }
    }

    struct TranscriptFixture: Decodable {
        struct Span: Decodable {
            var coder: Int64
            var code: Int64
            var start: Int
            var end: Int
        }
        struct Expected: Decodable {
            var alpha: Double?
            var kappa: Double?
            var codedUnits: Int?
        }
        struct UnitResult: Decodable {
            var unitCount: Int
            var perCode: [String: Expected]
            var overall: Expected
        }
        struct Case: Decodable {
            var name: String
            var textLength: Int
            var segments: [[Int]]
            var coders: [Int64]
            var codes: [Int64]
            var codings: [Span]
            var expected: [String: UnitResult]
        }
        var transcripts: [Case]
    }

    @Test(arguments: [AgreementUnit.segments, .characters])
    func transcriptsMatchTheOracle(unit: AgreementUnit) throws {
        let fixture = try JSONDecoder().decode(TranscriptFixture.self, from: Data(contentsOf: Self.fixtureURL))
        #expect(fixture.transcripts.count == 5)
        for item in fixture.transcripts {
            let codings = item.codings.map { span in
                Coding(
                    transcriptID: 1, codeID: span.code, coderID: span.coder, charStart: span.start, charEnd: span.end,
                    startTime: 0, endTime: 0)
            }
            let result = CodingAgreement(
                textLength: item.textLength, segments: item.segments.map { $0[0]..<$0[1] }, codings: codings,
                coderIDs: item.coders, codeIDs: item.codes, unit: unit)
            let expected = try #require(item.expected[unit.rawValue])
            #expect(result.unitCount == expected.unitCount, "\(item.name)")
            for code in item.codes {
                let want = try #require(expected.perCode[String(code)])
                let got = try #require(result.perCode[code])
                #expect(Self.close(got.alpha, want.alpha), "\(item.name) \(unit) code \(code) alpha \(String(describing: got.alpha))")
                #expect(got.codedUnits == want.codedUnits, "\(item.name) \(unit) code \(code)")
                if item.coders.count == 2 {
                    #expect(Self.close(got.kappa, want.kappa), "\(item.name) \(unit) code \(code) kappa")
                } else {
                    #expect(got.kappa == nil)
                }
            }
            #expect(Self.close(result.overall.alpha, expected.overall.alpha), "\(item.name) \(unit) overall alpha")
            if item.coders.count == 2 {
                #expect(Self.close(result.overall.kappa, expected.overall.kappa), "\(item.name) \(unit) overall kappa")
            }
        }
    }

    @Test func textbookValuesAndUndefinedCases() {
        // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: α = 0.743.
        let example: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        #expect(abs(AgreementStatistics.krippendorffAlpha(example)! - 0.743) < 0.0005)
        #expect(AgreementStatistics.cohenKappa([1, 1, 0, 0], [1, 1, 0, 0]) == 1)
        #expect(AgreementStatistics.cohenKappa([0, 0, 0], [0, 0, 0]) == nil)
        #expect(AgreementStatistics.krippendorffAlpha([[0, 0, 0], [0, 0, 0]]) == nil)
        #expect(AgreementStatistics.krippendorffAlpha([[1, nil], [nil, 2]]) == nil)
    }

    @Test func storeComputesAgreementOnATranscript() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.cleanUp() }
        let seeded = try await SeededStudy.seed(temporary.store, folder: temporary.folder)
        let result = try await temporary.store.codingAgreement(transcriptID: seeded.transcript.id!, unit: .segments)
        #expect(result.coderIDs == [seeded.alice.id!, seeded.bruno.id!])
        #expect(result.unitCount == 3)
        // Both coded segment 1 with "Santé": perfect agreement. Only Alice used "Motivation" (segment 2): pₒ = 2/3 = pₑ, κ = 0.
        #expect(result.perCode[seeded.childCode.id!]?.kappa == 1)
        #expect(result.perCode[seeded.childCode.id!]?.alpha == 1)
        let motivation = try #require(result.perCode[seeded.parentCode.id!])
        #expect(abs(motivation.kappa! - 0) < 1e-12)
        #expect(abs(motivation.observedAgreement! - 2.0 / 3.0) < 1e-12)
        await #expect(throws: StoreError.self) {
            _ = try await temporary.store.codingAgreement(
                transcriptID: seeded.transcript.id!, coderIDs: [seeded.alice.id!], unit: .characters)
        }
    }
}
