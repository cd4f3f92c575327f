import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the worker when its parent dies: the parent (``WorkerPool``) holds the only write end of
/// the pipe on the worker's standard input, so reading it ends when the parent is gone, however it died.
enum ParentWatch {
    /// Reads standard input on a thread of its own until it ends, then requests a stop.
    static func start() {
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                if count == 0 || (count < 0 && errno != EINTR) { break }
            }
            stopRequested.store(true, ordering: .relaxed)
        }
        thread.name = "parent-watch"
        thread.start()
    }
}
