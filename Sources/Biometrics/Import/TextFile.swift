#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Helpers for the text formats: reading a file as lines, splitting fields, parsing numbers.
enum TextFile {
    /// Reads a UTF-8 (or ASCII) file as lines, without line terminators (LF or CRLF).
    static func lines(of url: URL) throws(ImportError) -> [Substring] {
        lines(of: try read(url))
    }

    /// The whole file's bytes, or an `unreadable` error.
    static func read(_ url: URL) throws(ImportError) -> [UInt8] {
        do { return [UInt8](try Data(contentsOf: url)) } catch {
            throw ImportError(file: url.path, reason: .unreadable, message: "cannot read the file (\(error)); check the path and permissions")
        }
    }

    /// The whole file, read into memory, or an `unreadable` error.
    ///
    /// Never memory-mapped: a mapped file that another process shortens (a wearable's sync tool
    /// rewriting its export) makes the next access to the lost pages a SIGBUS that kills the process.
    /// The buffer of a large file gets huge pages (``LargeArray``): faulting in and zeroing a fresh
    /// buffer 4 KiB at a time made reading a 52 MB EDF twice as slow as mapping it.
    static func contents(_ url: URL) throws(ImportError) -> [UInt8] {
        func unreadable(_ reason: String) -> ImportError {
            ImportError(file: url.path, reason: .unreadable, message: "cannot read the file (\(reason)); check the path and permissions")
        }
        #if canImport(Glibc)
            let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw unreadable(String(cString: strerror(errno))) }
            defer { close(descriptor) }
            let end = lseek(descriptor, 0, SEEK_END)
            guard end >= 0, lseek(descriptor, 0, SEEK_SET) == 0 else { throw unreadable(String(cString: strerror(errno))) }
            let size = Int(end)
            var failure: Int32 = 0
            let bytes = LargeArray.make(count: size) { (base: UnsafeMutablePointer<UInt8>) -> Int in
                var done = 0
                while done < size {
                    let got = Glibc.read(descriptor, base + done, size - done)
                    if got > 0 {
                        done += got
                    } else if got == 0 || errno != EINTR {
                        if got < 0 { failure = errno }
                        break
                    }
                }
                return done
            }
            if failure != 0 { throw unreadable(String(cString: strerror(failure))) }
            // A file that grew while it was read: read it again whole, the ordinary way.
            var probe: UInt8 = 0
            guard bytes.count == size, Glibc.read(descriptor, &probe, 1) == 0 else {
                do { return [UInt8](try Data(contentsOf: url)) } catch { throw unreadable("\(error)") }
            }
            return bytes
        #else
            do { return [UInt8](try Data(contentsOf: url)) } catch { throw unreadable("\(error)") }
        #endif
    }

    /// Splits bytes into lines, dropping a UTF-8 byte-order mark and carriage returns.
    ///
    /// Split on Unicode scalars, not Characters: `"\r\n"` is one Character, so a CRLF file split on
    /// the Character `"\n"` would stay one line.
    static func lines(of bytes: [UInt8]) -> [Substring] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            let line = Substring(scalars)
            return line.hasSuffix("\r") ? line.dropLast() : line
        }
    }

    /// Splits a line at `separator`, trimming spaces and surrounding double quotes from each field.
    static func fields(_ line: Substring, separator: Character) -> [Substring] {
        line.split(separator: separator, omittingEmptySubsequences: false).map { trim($0) }
    }

    /// The field without surrounding spaces, tabs and double quotes.
    static func trim(_ field: Substring) -> Substring {
        var s = field
        while let c = s.first, c == " " || c == "\t" || c == "\"" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\"" { s.removeLast() }
        return s
    }

    /// A number, accepting a decimal comma when there is no dot; `nil` when not a number.
    /// "NaN", "nan", "NA" and "" are read as `Double.nan` only by `value(_:)`.
    static func number(_ field: Substring) -> Double? {
        let s = trim(field)
        if let v = Double(s) { return v }
        if s.contains(","), !s.contains("."), let v = Double(String(s.map { $0 == "," ? "." : $0 })) { return v }
        return nil
    }

    /// A sample value: a number, or NaN for an empty/NA/NaN field (a gap); `nil` when the text is not a value.
    static func value(_ field: Substring) -> Double? {
        let s = trim(field)
        if s.isEmpty { return .nan }
        switch s.lowercased() {
        case "nan", "na", "n/a", "null", "none", "-": return .nan
        default: return number(s)
        }
    }

    /// Whether a line has only whitespace and separators.
    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" }
    }
}
