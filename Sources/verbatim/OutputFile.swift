import Foundation

/// Writes `data` to `output`, or to standard output when `nil`.
func write(_ data: Data, to output: String?) throws {
    guard let output else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
        throw CommandLineError("Cannot write \(output): \(error.localizedDescription). Check the folder exists and is writable.")
    }
    FileHandle.standardError.write(Data("Wrote \(data.count) bytes to \(output).\n".utf8))
}
