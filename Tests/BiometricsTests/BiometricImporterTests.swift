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
}
