import Foundation

/// A fixed-size block of `Float`s owned by one inference object and reused for every window.
///
/// Zeroed by `calloc`, whose large blocks are fresh pages that cost memory only once written:
/// a key/value cache sized for five beams holds one sequence's pages when decoding greedily.
final class WorkBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        guard let raw = calloc(max(count, 1), MemoryLayout<Float>.stride) else {
            fatalError("cannot allocate \(count) floats of work buffer")
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { free(pointer) }
}
