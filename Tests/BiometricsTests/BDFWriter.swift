/// Writes small BDF files byte by byte: a 256-byte header, 256 bytes per signal, and 24-bit
/// little-endian samples, in data records of one second.
enum BDFWriter {
    /// One signal: its label, transducer and digital samples (also its physical values).
    struct Signal {
        var label: String
        var transducer: String
        var samples: [Int32]
    }

    /// A field padded with spaces to `width` bytes.
    static func field(_ s: String, _ width: Int) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0x20, count: width - s.utf8.count) }

    /// The bytes of a BDF file: `signals` fill the first record, each entry of `records` (one
    /// sample array per signal, of the same lengths) a further one.
    static func file(signals: [Signal], records: [[Int32]]...) -> [UInt8] {
        let n = signals.count
        var h: [UInt8] = [0xFF] + field("BIOSEMI", 7) + field("X X X X", 80) + field("Startdate 14-MAR-2026 X X X", 80)
        h += field("14.03.26", 8) + field("09.30.15", 8) + field("\(256 * (n + 1))", 8) + field("24BIT", 44)
        h += field("\(1 + records.count)", 8) + field("1", 8) + field("\(n)", 4)
        let columns: [(Int, (Signal) -> String)] = [
            (16, \.label), (80, \.transducer), (8, { _ in "uV" }), (8, { _ in "-8388608" }), (8, { _ in "8388607" }),
            (8, { _ in "-8388608" }), (8, { _ in "8388607" }), (80, { _ in "" }), (8, { "\($0.samples.count)" }), (32, { _ in "" }),
        ]
        for (width, value) in columns { for signal in signals { h += field(value(signal), width) } }
        for record in [signals.map(\.samples)] + records {
            for samples in record {
                for v in samples { h += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v >> 16)] }
            }
        }
        return h
    }
}
