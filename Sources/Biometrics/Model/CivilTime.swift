#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calendar arithmetic without a `Calendar`: civil (proleptic Gregorian) date and time to an
/// absolute `Date`, and the ISO-8601 / Apple Health time stamps the text formats use.
public enum CivilTime {
    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The absolute time of a wall-clock reading taken `utcOffset` seconds east of UTC.
    /// Returns `nil` for an impossible date or time.
    public static func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0, utcOffset: Int = 0) -> Date? {
        guard (-99_999...99_999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
              second >= 0, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 - utcOffset) + second
        return Date(timeIntervalSince1970: seconds)
    }

    /// Parses ISO-8601 date-times as wearable exports write them: `2019-06-11T19:03:45Z`,
    /// `2019-06-11T21:03:45.250+02:00`, `2019-06-11 21:03:45 +0200` (Apple Health), and a bare
    /// local time (read at `defaultOffset` seconds east of UTC). Returns `nil` when the text is
    /// not such a time.
    public static func parseISO8601(_ text: some StringProtocol, defaultOffset: Int = 0) -> Date? {
        let chars = Array(text.utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= chars.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = chars[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func skip(_ c: UInt8) -> Bool {
            if i < chars.count, chars[i] == c { i += 1; return true }
            return false
        }
        while i < chars.count, chars[i] == 32 { i += 1 }
        guard let year = number(4), skip(45), let month = number(2), skip(45), let day = number(2) else { return nil }
        var hour = 0, minute = 0, second = 0.0
        if i < chars.count, chars[i] == 84 || chars[i] == 32 || chars[i] == 116 {
            i += 1
            guard let h = number(2), skip(58), let m = number(2) else { return nil }
            hour = h
            minute = m
            if skip(58) {
                guard let s = number(2) else { return nil }
                second = Double(s)
                if skip(46) || skip(44) {
                    var scale = 0.1
                    while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                        second += Double(chars[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
        }
        while i < chars.count, chars[i] == 32 { i += 1 }
        var offset = defaultOffset
        if i < chars.count {
            if chars[i] == 90 || chars[i] == 122 {
                offset = 0
                i += 1
            } else if chars[i] == 43 || chars[i] == 45 {
                let sign = chars[i] == 45 ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = skip(58)
                let om = number(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        while i < chars.count, chars[i] == 32 { i += 1 }
        guard i == chars.count else { return nil }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, utcOffset: offset)
    }
}
