#if canImport(Glibc)
    import Glibc
#endif

/// Arrays of samples too large for the kernel's 4 KiB pages to be cheap.
///
/// A fresh array of a day of samples is hundreds of megabytes of pages the kernel must fault in and
/// zero one 4 KiB page at a time on first write, which costs more than decoding the samples. On
/// Linux with transparent huge pages in `madvise` mode, the 2 MiB-aligned interior of such an array
/// is advised `MADV_HUGEPAGE`, so it is faulted in 2 MiB at a time (NumPy does the same for arrays
/// of 4 MiB and more). Elsewhere, or when the kernel declines, the array is an ordinary one.
enum LargeArray {
    /// Allocations from this size on are advised.
    static let threshold = 4 << 20
    /// The huge page size on x86-64 and arm64 with 4 KiB base pages.
    static let hugePage = 2 << 20

    /// An array of `count` values whose storage `fill` writes, returning how many it initialised.
    @inline(__always)
    static func make<Element>(
        count: Int, _ fill: (UnsafeMutablePointer<Element>) -> Int
    ) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Element>.stride)
            initialized = fill(base)
        }
    }

    /// Advises huge pages for the 2 MiB-aligned part of `bytes` bytes at `base`, not yet written.
    static func advise(_ base: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
            guard let range = advisedRange(address: UInt(bitPattern: base), bytes: bytes),
                let start = UnsafeMutableRawPointer(bitPattern: range.lowerBound)
            else { return }
            _ = madvise(start, Int(range.count), MADV_HUGEPAGE)
        #endif
    }

    /// The whole huge pages inside `bytes` bytes from `address`, when there are any and the
    /// allocation is large enough to be worth advising.
    static func advisedRange(address: UInt, bytes: Int) -> Range<UInt>? {
        guard bytes >= threshold else { return nil }
        let mask = UInt(hugePage - 1)
        let first = (address + mask) & ~mask
        let last = (address + UInt(bytes)) & ~mask
        return last > first ? first..<last : nil
    }
}
