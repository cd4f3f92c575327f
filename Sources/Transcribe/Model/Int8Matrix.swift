/// A weight matrix `[rows, columns]` (rows are outputs) quantised to signed bytes with one scale
/// per row, `w ≈ scale[row] · q[row, column]`, `q` in -127...127, and packed for the int8 kernel:
/// panels of 16 rows, inside which the 4 bytes of a column group `4g..4g+3` of each row are
/// contiguous (the layout `vpdpbusd` consumes). Rows are padded with zeros to a multiple of 16.
struct Int8Matrix: Sendable {
    let rows: Int
    let columns: Int
    /// `⌈rows / 16⌉ · 16 · columns` bytes.
    let packed: [Int8]
    /// One scale per row.
    let scales: [Float]
    /// Sum of each row's quantised values (compensates the +128 offset of the activations).
    let sums: [Int32]

    /// Quantises row-major `values` (`rows × columns`, `columns` a multiple of 4).
    init(_ values: [Float], rows: Int, columns: Int) {
        precondition(values.count == rows * columns && columns % 4 == 0, "an int8 matrix has columns in groups of 4")
        self.rows = rows
        self.columns = columns
        let groups = columns / 4
        let panels = (rows + 15) / 16
        var scales = [Float](repeating: 0, count: rows)
        var sums = [Int32](repeating: 0, count: rows)
        var packed = [Int8](repeating: 0, count: panels * 16 * columns)
        values.withUnsafeBufferPointer { source in
            packed.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let line = source.baseAddress! + row * columns
                    var maximum: Float = 0
                    for column in 0..<columns { maximum = max(maximum, abs(line[column])) }
                    let inverse = maximum > 0 ? 127 / maximum : 0
                    scales[row] = maximum / 127
                    let base = (row / 16) * groups * 64 + (row % 16) * 4
                    var sum: Int32 = 0
                    for column in 0..<columns {
                        // Adding and removing 1.5·2²³ rounds to the nearest even integer (|v| ≤ 127)
                        // without the library call `rounded` costs on baseline x86-64.
                        let q = Int32((line[column] * inverse + 12_582_912) - 12_582_912)
                        sum += q
                        target[base + (column / 4) * 64 + column % 4] = Int8(clamping: q)
                    }
                    sums[row] = sum
                }
            }
        }
        self.packed = packed
        self.scales = scales
        self.sums = sums
    }

    /// Packs integers already quantised (`values` holds them as floats, -127...127, row-major),
    /// with `w ≈ scales[row] · q`: a checkpoint's int8 weights, used as stored.
    init(quantised values: [Float], scales: [Float], rows: Int, columns: Int) {
        precondition(values.count == rows * columns && columns % 4 == 0, "an int8 matrix has columns in groups of 4")
        self.rows = rows
        self.columns = columns
        let groups = columns / 4
        var sums = [Int32](repeating: 0, count: rows)
        var packed = [Int8](repeating: 0, count: (rows + 15) / 16 * 16 * columns)
        for row in 0..<rows {
            let base = (row / 16) * groups * 64 + (row % 16) * 4
            var sum: Int32 = 0
            for column in 0..<columns {
                let q = Int8(clamping: Int(values[row * columns + column]))
                sum += Int32(q)
                packed[base + (column / 4) * 64 + column % 4] = q
            }
            sums[row] = sum
        }
        self.packed = packed
        self.scales = scales
        self.sums = sums
    }

    /// Writes row `row` dequantised into `target` (`columns` values), e.g. a token's embedding.
    func row(_ row: Int, into target: UnsafeMutablePointer<Float>) {
        let base = (row / 16) * (columns / 4) * 64 + (row % 16) * 4
        let scale = scales[row]
        packed.withUnsafeBufferPointer { source in
            for column in 0..<columns {
                target[column] = scale * Float(source[base + (column / 4) * 64 + column % 4])
            }
        }
    }

    /// Bytes held.
    var byteCount: Int { packed.count + 8 * rows }
}
