#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads an Apple Health `export.xml` as a stream of tags (real exports are gigabytes: the
/// file is scanned in 1 MiB chunks by `XMLTagScanner`, never held whole).
///
/// Every quantity `Record` (numeric value) becomes a sample of an irregular stream, one stream
/// per (type, sourceName, unit) — the same measure from the watch and from the phone stays
/// apart. Times are the records' `startDate`, with their UTC offset. `Workout` elements become
/// annotation markers with their duration. The `Me` element (birth date, sex, blood type) is
/// never read; its presence is reported in `omitted`, as are category records (non-numeric).
public struct AppleHealthImporter: Sendable {
    /// Only these HealthKit type identifiers (e.g. "HKQuantityTypeIdentifierHeartRate"); all when nil.
    public var types: Set<String>?
    /// The participant written into the streams.
    public var participant: String?

    /// Creates an importer.
    public init(types: Set<String>? = nil, participant: String? = nil) {
        self.types = types
        self.participant = participant
    }

    /// The channel kind and unit for a HealthKit type and unit, with a factor to reach that unit.
    static func kind(of type: String, unit: String) -> (ChannelKind, String, Double) {
        switch type {
        case "HKQuantityTypeIdentifierHeartRate": return (.heartRate, unit == "count/min" ? "bpm" : unit, 1)
        case "HKQuantityTypeIdentifierRestingHeartRate", "HKQuantityTypeIdentifierWalkingHeartRateAverage":
            return (.other, unit == "count/min" ? "bpm" : unit, 1)
        case "HKQuantityTypeIdentifierHeartRateVariabilitySDNN": return (.hrv, unit, 1)
        case "HKQuantityTypeIdentifierStepCount": return (.steps, unit, 1)
        case "HKQuantityTypeIdentifierOxygenSaturation": return (.oxygenSaturation, unit, 1)
        case "HKQuantityTypeIdentifierRespiratoryRate": return (.respiration, unit, 1)
        case "HKQuantityTypeIdentifierBodyTemperature": return (.temperature, unit, 1)
        case "HKQuantityTypeIdentifierDistanceWalkingRunning", "HKQuantityTypeIdentifierDistanceCycling":
            switch unit {
            case "km": return (.distance, "m", 1000)
            case "mi": return (.distance, "m", 1609.344)
            default: return (.distance, unit, 1)
            }
        default: return (.other, unit, 1)
        }
    }

    /// Imports the export at `url`.
    public func read(_ url: URL) throws(ImportError) -> BiometricImport {
        guard var scanner = XMLTagScanner(url: url) else {
            throw ImportError(file: url.path, reason: .unreadable, message: "cannot open the file; check the path and permissions")
        }
        var samples: [Key: [(Double, Double)]] = [:]
        var order: [Key] = []
        var markers: [Marker] = []
        var sawMe = false, sawHealthData = false, sawEnd = false
        var categoryRecords = 0
        let wanted: Set<String> = ["Record", "Workout"]  // never "Me"
        do {
            while let tag = try scanner.next(decoding: wanted) {
                if !sawHealthData && !tag.isEnd && tag.name != "HealthData" {
                    throw ImportError(file: url.path, reason: .wrongFormat, message: "not an Apple Health export (the root element is <\(tag.name)>); give export.xml from the unzipped export")
                }
                if tag.isEnd {
                    if tag.name == "HealthData" { sawEnd = true; break }
                    continue
                }
                let attributes = tag.attributes
                switch tag.name {
                case "HealthData": sawHealthData = true
                case "Me": sawMe = true  // attributes deliberately not decoded
                case "Record":
                    guard let type = attributes["type"], types?.contains(type) ?? true else { continue }
                    guard let text = attributes["value"], let value = Double(text) else { categoryRecords += 1; continue }
                    guard let start = attributes["startDate"].flatMap({ CivilTime.parseISO8601($0) }) else {
                        throw ImportError(file: url.path, reason: .malformed, message: "line \(scanner.line): a Record has no readable startDate")
                    }
                    let key = Key(type: type, source: attributes["sourceName"] ?? "unknown source", unit: attributes["unit"] ?? "")
                    if samples[key] == nil { order.append(key) }
                    samples[key, default: []].append((start.timeIntervalSince1970, value))
                case "Workout":
                    guard let start = attributes["startDate"].flatMap({ CivilTime.parseISO8601($0) }) else { continue }
                    let end = attributes["endDate"].flatMap { CivilTime.parseISO8601($0) }
                    var label = attributes["workoutActivityType"] ?? "workout"
                    if label.hasPrefix("HKWorkoutActivityType") { label = "workout " + label.dropFirst("HKWorkoutActivityType".count) }
                    markers.append(Marker(time: start, duration: end.map { $0.timeIntervalSince(start) }, label: label, kind: .annotation,
                                          source: attributes["sourceName"] ?? "Apple Health"))
                default: break
                }
            }
        } catch let failure as XMLTagScanner.Failure {
            switch failure {
            case .truncated(let line):
                throw ImportError(file: url.path, reason: .truncated, message: "the XML is cut short at line \(line); export again from the Health app")
            case .malformed(let line, let what):
                throw ImportError(file: url.path, reason: .malformed, message: "line \(line): \(what)")
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: url.path, reason: .malformed, message: "\(error)")
        }
        guard sawHealthData else {
            throw ImportError(file: url.path, reason: .wrongFormat, message: "not an Apple Health export (no HealthData element); give export.xml from the unzipped export")
        }
        guard sawEnd else {
            throw ImportError(file: url.path, reason: .truncated, message: "the XML ends before </HealthData>; the export is incomplete, export again from the Health app")
        }
        var streams: [TimeSeries] = []
        for key in order {
            guard var values = samples[key], !values.isEmpty else { continue }
            values.sort { $0.0 < $1.0 }
            let (kind, unit, factor) = Self.kind(of: key.type, unit: key.unit)
            let start = values[0].0
            let label = key.type.hasPrefix("HKQuantityTypeIdentifier") ? String(key.type.dropFirst("HKQuantityTypeIdentifier".count)) : key.type
            streams.append(TimeSeries(participant: participant, source: key.source, kind: kind, label: label, unit: unit,
                                      start: Date(timeIntervalSince1970: start), timing: .irregular(offsets: values.map { $0.0 - start }),
                                      values: values.map { $0.1 * factor }))
        }
        var omitted: [String] = []
        if sawMe { omitted.append("the Me element (date of birth, biological sex, blood type, skin type)") }
        if categoryRecords > 0 { omitted.append("\(categoryRecords) records without a numeric value (category types such as sleep analysis)") }
        return BiometricImport(format: .appleHealth, streams: streams, markers: markers, omitted: omitted)
    }

    struct Key: Hashable {
        var type: String
        var source: String
        var unit: String
    }
}
