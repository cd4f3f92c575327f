import Testing

@testable import Biometrics

/// Large sample arrays are advised huge pages before they are written; they must still hold
/// exactly what was written, whatever their size and however much of them was filled.
@Suite("Large arrays")
struct LargeArrayTests {
    @Test("Small and large arrays hold what was written, partly filled ones their filled part", arguments: [1, 1_000, 3 << 20])
    func contents(count: Int) {
        for filled in [count, count / 2] {
            let values: [Double] = LargeArray.make(count: count) { base in
                for i in 0..<filled { base[i] = Double(i) * 0.5 - 7 }
                return filled
            }
            #expect(values.count == filled)
            #expect(values.capacity >= count)
            #expect(values.enumerated().allSatisfy { $0.element == Double($0.offset) * 0.5 - 7 })
        }
    }

    @Test("Only the 2 MiB-aligned part of an allocation of 4 MiB or more is advised")
    func advisedPart() {
        // Nothing below the threshold, even when aligned.
        #expect(LargeArray.advisedRange(address: 0x20_0000, bytes: LargeArray.threshold - 1) == nil)
        // An unaligned start is rounded up, the end rounded down.
        let range = LargeArray.advisedRange(address: 0x10_0010, bytes: 0x50_0000)
        #expect(range == 0x20_0000..<0x60_0000)
        let aligned = LargeArray.advisedRange(address: 0x40_0000, bytes: 0x40_0000)
        #expect(aligned == 0x40_0000..<0x80_0000)
    }
}
