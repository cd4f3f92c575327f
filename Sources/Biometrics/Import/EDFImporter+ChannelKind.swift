extension EDFImporter {
    /// The channel kind of an EDF/BDF signal, from its label and its transducer field.
    ///
    /// The label's leading word wins, case-insensitively ("EEG Fpz-Cz", "EOG horizontal",
    /// "EMG submental", "SaO2", "Pleth"). A transducer that names the kind ("EMG electrode")
    /// comes next; then an electrode transducer ("Ag-AgCl electrode", BioSemi's "Active
    /// electrode") on a 10-20 or BioSemi electrode name ("Fpz-Cz", "A1".."H32", "M1") is EEG.
    static func kind(of label: String, transducer: String = "") -> ChannelKind {
        let kind = kind(leadingWord: label.lowercased())
        guard kind == .other, !transducer.isEmpty else { return kind }
        let device = transducer.lowercased()
        for (word, named) in [("eeg", ChannelKind.eeg), ("eog", .eog), ("emg", .emg), ("ecg", .ecg), ("ekg", .ecg)] where device.contains(word) {
            return named
        }
        if device.contains("electrode"), isElectrodeName(label) { return .eeg }
        return .other
    }

    /// The kind a label's leading word names, or `.other`.
    static func kind(leadingWord l: String) -> ChannelKind {
        if l.hasPrefix("eeg") { return .eeg }
        if l.hasPrefix("ecg") || l.hasPrefix("ekg") { return .ecg }
        if l.hasPrefix("eog") { return .eog }
        if l.hasPrefix("emg") { return .emg }
        if l.hasPrefix("resp") { return .respiration }
        if l.hasPrefix("temp") { return .temperature }
        if l.hasPrefix("spo2") || l.hasPrefix("sao2") { return .oxygenSaturation }
        if l.hasPrefix("pleth") || l.hasPrefix("ppg") || l.hasPrefix("bvp") { return .bvp }
        if l == "hr" || l.hasPrefix("heart rate") || l.hasPrefix("pulse") { return .heartRate }
        if l.hasPrefix("eda") || l.hasPrefix("gsr") { return .eda }
        return .other
    }

    /// Scalp-site letters of the 10-20/10-10 systems and BioSemi's electrode banks (A–H).
    private static let electrodeSites: Set<Substring> = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "m", "n", "o", "p", "t",
        "fp", "af", "fc", "ft", "cp", "tp", "po",
    ]

    /// Whether `label` is an electrode name or a derivation of two ("Fpz-Cz", "A12", "M1", "Oz").
    static func isElectrodeName(_ label: String) -> Bool {
        let parts = label.lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let digitAt = part.firstIndex(where: { $0.isNumber || $0 == "z" }) else { return false }
            let site = part[..<digitAt], suffix = part[digitAt...]
            let suffixIsValid = suffix == "z" || (suffix.count <= 3 && suffix.allSatisfy(\.isNumber))
            return electrodeSites.contains(site) && suffixIsValid
        }
    }
}
