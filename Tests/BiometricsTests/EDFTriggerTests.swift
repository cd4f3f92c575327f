import Foundation
import Testing

@testable import Biometrics

/// BioSemi `Status` and EDF trigger channels become markers labelled with their trigger codes.
@Suite struct EDFTriggerTests {
    /// Bits 16-23 of BioSemi's Status (CM in range, battery, speed mode), set throughout.
    static let systemBits: Int32 = 0x11 << 16 | 1 << 20

    @Test func statusChannelBecomesTriggerMarkers() throws {
        // 8 Hz over 2 records: 0 0 5 5 5 0 0 12 | 12 12 0 0 0 0 0 7 (7 runs to the end).
        let codes: [Int32] = [0, 0, 5, 5, 5, 0, 0, 12, 12, 12, 0, 0, 0, 0, 0, 7]
        let status = codes.map { $0 | Self.systemBits }
        let eeg: [Int32] = Array(0..<16)
        let bytes = BDFWriter.file(signals: [
            .init(label: "A1", transducer: "Active electrode", samples: Array(eeg[0..<8])),
            .init(label: "Status", transducer: "Triggers and Status", samples: Array(status[0..<8])),
        ], records: [Array(eeg[8...]), Array(status[8...])])
        let result = try EDFImporter().read(bytes: bytes, file: "triggers.bdf")
        #expect(result.streams.map(\.label) == ["A1"])
        let start = try #require(result.streams.first?.start)
        #expect(result.markers.map(\.label) == ["trigger 5", "trigger 12", "trigger 7"])
        #expect(result.markers.map { $0.time.timeIntervalSince(start) } == [0.25, 0.875, 1.875])
        #expect(result.markers.map(\.duration) == [0.375, 0.375, 0.125])
    }

    @Test func trailingCodeLastsToTheEndAndRepeatsAreOneMarker() throws {
        let status: [Int32] = [3, 3, 3, 3].map { $0 | Self.systemBits }
        let bytes = BDFWriter.file(signals: [.init(label: "Status", transducer: "", samples: status)])
        let result = try EDFImporter().read(bytes: bytes, file: "held.bdf")
        #expect(result.streams.isEmpty)
        #expect(result.markers.map(\.label) == ["trigger 3"])
        #expect(result.markers.first?.duration == 1)
    }
}
