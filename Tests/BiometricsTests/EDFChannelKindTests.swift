import Foundation
import Testing

@testable import Biometrics

/// EEG, EOG and EMG kinds from EDF/BDF labels and transducer fields.
@Suite struct EDFChannelKindTests {
    @Test func sleepEDFChannelsGetTheirKinds() throws {
        let result = try EDFImporter().read(Samples.sample("edf/sleepedf_SC4001E0_first5min_short_psg.edf"))
        let kinds = Dictionary(uniqueKeysWithValues: result.streams.map { ($0.label, $0.kind) })
        #expect(kinds["EEG Fpz-Cz"] == .eeg)
        #expect(kinds["EEG Pz-Oz"] == .eeg)
        #expect(kinds["EOG horizontal"] == .eog)
        #expect(kinds["EMG submental"] == .emg)
        #expect(kinds["Resp oro-nasal"] == .respiration)
        #expect(kinds["Temp rectal"] == .temperature)
        #expect(kinds["Event marker"] == .other)
    }

    @Test(arguments: [
        ("EEG Fpz-Cz", "Ag-AgCl electrodes", ChannelKind.eeg), ("eog horizontal", "", .eog), ("EMG submental", "", .emg),
        ("ECG", "", .ecg), ("SaO2", "", .oxygenSaturation), ("Pleth", "", .bvp), ("Event marker", "Marker button", .other),
        ("A1", "Active electrode", .eeg), ("B32", "Active electrode", .eeg), ("Fpz-Cz", "Ag-AgCl electrode", .eeg),
        ("M1", "AgAgCl electrode", .eeg), ("Chin", "EMG electrode", .emg), ("EXG1", "Active electrode", .other),
        ("A1", "", .other), ("Erg1", "Ag-AgCl electrode", .other),
    ])
    func labelAndTransducerGiveTheKind(label: String, transducer: String, kind: ChannelKind) {
        #expect(EDFImporter.kind(of: label, transducer: transducer) == kind, "\(label) / \(transducer)")
    }

    @Test func bioSemiActiveElectrodesAreEEG() throws {
        let bytes = BDFWriter.file(signals: [
            .init(label: "A1", transducer: "Active electrode", samples: [1, 2, 3, 4]),
            .init(label: "EXG1", transducer: "Active electrode", samples: [1, 2, 3, 4]),
        ])
        let result = try EDFImporter().read(bytes: bytes, file: "biosemi.bdf")
        #expect(result.streams.map(\.kind) == [.eeg, .other])
    }
}
