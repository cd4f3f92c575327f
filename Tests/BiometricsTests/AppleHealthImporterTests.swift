import Foundation
import Testing

@testable import Biometrics

@Suite struct AppleHealthImporterTests {
    @Test func readsTheSampleExportWithoutTheMeElement() throws {
        let result = try AppleHealthImporter().read(Samples.sample("apple_health/export6s3sample.xml"))
        #expect(result.format == .appleHealth)
        let steps = try #require(result.stream(.steps))
        #expect(steps.count == 10 && steps.source == "Health" && steps.unit == "count")
        #expect(steps.values.prefix(3) == [329, 283, 426])
        // "2014-09-13 10:27:54 +0100" is 09:27:54 UTC.
        #expect(steps.start == CivilTime.date(year: 2014, month: 9, day: 13, hour: 9, minute: 27, second: 54))
        #expect(steps.offsets?[1] == 375)
        let distance = try #require(result.stream(.distance))
        #expect(distance.unit == "m" && abs(distance.values[0] - 2.88) < 1e-9)
        #expect(result.omitted.first?.hasPrefix("the Me element") == true)
        // Nothing from Me leaks into the result.
        #expect(!"\(result)".contains("1965"))
        #expect(result.markers.count == 1 && result.markers[0].label == "workout Other" && result.markers[0].source == "NJR Apple\u{A0}Watch")  // Apple writes a no-break space
        #expect(abs((result.markers[0].duration ?? 0) - 1904) < 1e-9)
    }

    @Test func keepsSourcesApartAndSkipsCategories() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [<!ELEMENT HealthData ANY>]>
            <HealthData locale="fr_FR">
             <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-02"/>
             <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Montre de P" unit="count/min" startDate="2024-05-01 10:00:05 +0200" endDate="2024-05-01 10:00:05 +0200" value="72"/>
             <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Montre de P" unit="count/min" startDate="2024-05-01 10:00:00 +0200" endDate="2024-05-01 10:00:00 +0200" value="70"/>
             <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Polar H10" unit="count/min" startDate="2024-05-01 10:00:01 +0200" endDate="2024-05-01 10:00:01 +0200" value="71.5"/>
             <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Montre de P" unit="ms" startDate="2024-05-01 10:01:00 +0200" endDate="2024-05-01 10:02:00 +0200" value="48.3"/>
             <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Montre de P" startDate="2024-05-01 01:00:00 +0200" endDate="2024-05-01 07:00:00 +0200" value="HKCategoryValueSleepAnalysisAsleep"/>
            </HealthData>
            """
        let url = dir.appendingPathComponent("export.xml")
        try xml.write(to: url, atomically: true, encoding: .utf8)
        let result = try AppleHealthImporter(participant: "P-014").read(url)
        let hr = result.streams.filter { $0.kind == .heartRate }
        #expect(hr.map(\.source) == ["Montre de P", "Polar H10"])
        #expect(hr[0].values == [70, 72] && hr[0].offsets == [0, 5] && hr[0].unit == "bpm")  // sorted by time
        #expect(hr[0].start == CivilTime.date(year: 2024, month: 5, day: 1, hour: 8, minute: 0, second: 0))
        #expect(result.stream(.hrv)?.values == [48.3])
        #expect(result.streams.allSatisfy { $0.participant == "P-014" })
        #expect(result.omitted.count == 2)
        // Cut the file short: a typed error, nothing half imported.
        try String(xml.prefix(600)).write(to: url, atomically: true, encoding: .utf8)
        #expect { try AppleHealthImporter().read(url) } throws: { ($0 as? ImportError)?.reason == .truncated }
        try "<plist><dict/></plist>".write(to: url, atomically: true, encoding: .utf8)
        #expect { try AppleHealthImporter().read(url) } throws: { ($0 as? ImportError)?.reason == .wrongFormat }
    }
}

@Suite struct AppleHealthStreamingTests {
    /// An export larger than the scanner's 1 MiB chunk: records cut by chunk boundaries are read whole.
    @Test func readsAcrossChunkBoundaries() throws {
        let dir = try Samples.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n<!-- comment [with] brackets -->\n]>\n<HealthData locale=\"en\">\n"
        xml += " <Me HKCharacteristicTypeIdentifierDateOfBirth=\"1970-01-01\"/>\n"
        let n = 12_000
        for i in 0..<n {
            let h = i / 3600, m = (i / 60) % 60, s = i % 60
            let clock: String = String(format: "%02d:%02d:%02d", h % 24, m, s)
            let time: String = "2024-05-01 " + clock + " +0000"
            let value: Int = 60 + i % 40
            let attributes: String = "sourceName=\"W &amp; Co\" unit=\"count/min\" startDate=\"\(time)\" endDate=\"\(time)\" value=\"\(value)\""
            xml += " <Record type=\"HKQuantityTypeIdentifierHeartRate\" " + attributes + "><MetadataEntry key=\"k\" value=\"v\"/></Record>\n"
        }
        xml += "</HealthData>\n"
        #expect(xml.utf8.count > 2_000_000)
        let url = dir.appendingPathComponent("export.xml")
        try xml.write(to: url, atomically: true, encoding: .utf8)
        let result = try AppleHealthImporter().read(url)
        let hr = try #require(result.stream(.heartRate))
        #expect(hr.count == n)
        #expect(hr.source == "W & Co")
        let expected: Double = (0..<n).reduce(0.0) { (sum: Double, i: Int) in sum + Double(60 + i % 40) }
        let total: Double = hr.values.reduce(0, +)
        #expect(total == expected)
        #expect(hr.offsets?.last == Double(n - 1))
    }
}
