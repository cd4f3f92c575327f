import Foundation
import Testing

@testable import Biometrics

@Suite struct BiometricImporterTests {
    @Test(arguments: [
        ("empatica_e4_flirt", BiometricImport.Format.empaticaE4), ("fit/garmin-fenix-5-run.fit", .fit),
        ("edf/sleepedf_SC4001E0_first5min_short_psg.edf", .edf), ("edf/sleepedf_SC4001EC-Hypnogram.edf", .edf),
        ("apple_health/export6s3sample.xml", .appleHealth), ("ppg/ring_data.csv", .csv),
    ])
    func detectsSampleFormats(path: String, format: BiometricImport.Format) {
        #expect(BiometricImporter.detect(Samples.sample(path)) == format)
    }

    @Test func detectsFixtureFormatsAndImportsWithTheParticipant() throws {
        #expect(BiometricImporter.detect(Samples.fixture("bdf/synth.bdf")) == .bdf)
        #expect(BiometricImporter.detect(Samples.fixture("wfdb/synth212.hea")) == .wfdb)
        #expect(BiometricImporter.detect(Samples.fixture("empatica_e4_flirt.zip")) == .empaticaE4)
        let importer = BiometricImporter(participant: "P-014")
        for url in [Samples.fixture("bdf/synth.bdf"), Samples.fixture("wfdb/synth212.hea"), Samples.fixture("empatica_e4_flirt.zip"),
                    Samples.sample("fit/garmin-fenix-5-run.fit"), Samples.sample("apple_health/export6s3sample.xml")] {
            let result = try importer.read(url)
            #expect(!result.streams.isEmpty)
            #expect(result.streams.allSatisfy { $0.participant == "P-014" }, "\(url.lastPathComponent)")
        }
    }

    @Test func unknownFilesAreTypedErrors() {
        #expect(BiometricImporter.detect(Samples.repository.appendingPathComponent("Package.swift")) == nil)
        #expect { try BiometricImporter().read(Samples.repository.appendingPathComponent("Package.swift")) } throws: {
            ($0 as? ImportError)?.reason == .wrongFormat
        }
        #expect { try BiometricImporter().read(Samples.sample("nothing-here.edf")) } throws: { ($0 as? ImportError)?.reason == .unreadable }
        #expect { try BiometricImporter().read(Samples.sample("fit/activity-unexpected-eof.fit")) } throws: { ($0 as? ImportError)?.reason == .truncated }
    }

    /// A WFDB header without base date (as in the MIT-BIH records) imports with the start given to
    /// the importer; without one, the error asks for the start only (the header has the rate).
    @Test func wfdbWithoutBaseDateTakesTheGivenStart() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Samples.editedRecord(replacing: "synth16 2 250 5000 09:30:15 14/03/2026\n", with: "synth16 2 250 5000\n", in: dir)
        #expect { try BiometricImporter().read(url) } throws: {
            let e = $0 as? ImportError
            return e?.reason == .needsInput && e?.missing == [.start]
        }
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let result = try BiometricImporter(participant: "P-014", start: start).read(url)
        let dated = try WFDBImporter().read(Samples.fixture("wfdb/synth16.hea"))
        #expect(result.streams.count == 2)
        #expect(result.streams.allSatisfy { $0.start == start && $0.sampleRate == 250 })
        #expect(result.streams.map(\.values) == dated.streams.map(\.values))
    }
}
