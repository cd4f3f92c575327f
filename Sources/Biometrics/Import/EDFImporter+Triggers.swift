#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension EDFImporter {
    /// Labels of trigger channels (case-insensitive): BioSemi's `Status` and EDF `Trigger`/`Event`.
    static let triggerLabels: Set<String> = ["status", "trigger", "triggers", "event", "events"]

    /// Whether the signal labelled `label` carries trigger codes rather than a measurement.
    static func isTrigger(_ label: String) -> Bool { triggerLabels.contains(label.lowercased()) }

    /// The markers of a trigger channel: one per change of its code to a non-zero value.
    ///
    /// The code is the low 16 bits of each digital sample (the first two little-endian bytes in
    /// EDF and BDF alike); BioSemi's bits 16-23 (CM in range, battery, speed mode) are ignored.
    /// A marker starts at its sample's time (`onsets[record] + index / rate` seconds after
    /// `start`), lasts until the code changes (or the recording ends) and is labelled
    /// `trigger <code>`.
    static func triggerMarkers(
        _ bytes: UnsafeRawBufferPointer, first: Int, stride: Int, perRecord: Int, width: Int,
        onsets: [Double], recordDuration: Double, rate: Double, start: Date, source: String
    ) -> [Marker] {
        var markers: [Marker] = []
        var code: UInt16 = 0
        var since = 0.0
        func close(at time: Double) {
            guard code != 0 else { return }
            markers.append(Marker(time: start.addingTimeInterval(since), duration: time - since, label: "trigger \(code)", kind: .annotation, source: source))
        }
        for (record, onset) in onsets.enumerated() {
            let at = first + record * stride
            for index in 0..<perRecord {
                let byte = at + index * width
                let value = UInt16(bytes[byte]) | UInt16(bytes[byte + 1]) << 8
                guard value != code else { continue }
                let time = onset + Double(index) / rate
                close(at: time)
                code = value
                since = time
            }
        }
        close(at: (onsets.last ?? 0) + recordDuration)
        return markers
    }
}
