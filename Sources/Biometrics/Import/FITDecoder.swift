/// The message-level state machine of a FIT file: local definitions, the running timestamp,
/// and the values kept from `record`, `hrv`, `event` and `file_id` messages.
struct FITDecoder {
    let includeLocation: Bool
    var definitions: [Int: FITImporter.Definition] = [:]
    var lastTimestamp: UInt32 = 0
    /// The first timestamp of a `record` or `event` message: the activity's start. Other messages
    /// (`device_info`, `session`) may be written early yet stamped at the end of the activity.
    var firstTimestamp: Double?
    /// The first timestamp of any other message, for a file without records or events.
    var firstOtherTimestamp: Double?
    var messageCount = 0
    var records: [ChannelKind: [(Double, Double)]] = [:]
    var beats: [Double] = []
    var events: [(Double, String)] = []
    var deviceName: String?
    var positionsDropped = 0
    var userProfileSkipped = false

    init(includeLocation: Bool) { self.includeLocation = includeLocation }

    /// What was deliberately not imported.
    var omitted: [String] {
        var out: [String] = []
        if positionsDropped > 0 { out.append("GPS positions in \(positionsDropped) records (location identifies people; set includeLocation to keep them)") }
        if userProfileSkipped { out.append("the user profile (weight, height, sex, age)") }
        return out
    }

    /// Decodes messages in `bytes[from..<to]`; returns the position after the last complete message.
    mutating func decode(_ bytes: [UInt8], from: Int, to: Int) -> Int {
        var p = from
        while p < to {
            let header = Int(bytes[p])
            if header & 0x80 != 0 {  // compressed timestamp header: a data message
                let local = (header >> 5) & 0x3
                let offset = UInt32(header & 0x1F)
                guard let definition = definitions[local] else { return p }
                let size = definition.fields.reduce(0) { $0 + $1.size } + definition.developerBytes
                guard p + 1 + size <= to else { return p }
                var ts = (lastTimestamp & ~0x1F) + offset
                if offset < (lastTimestamp & 0x1F) { ts += 0x20 }
                lastTimestamp = ts
                dataMessage(bytes, at: p + 1, definition, timestamp: ts)
                p += 1 + size
            } else if header & 0x40 != 0 {  // definition message
                guard p + 6 <= to else { return p }
                let littleEndian = bytes[p + 2] == 0
                let global = littleEndian ? Int(bytes[p + 3]) | Int(bytes[p + 4]) << 8 : Int(bytes[p + 3]) << 8 | Int(bytes[p + 4])
                let count = Int(bytes[p + 5])
                var q = p + 6
                guard q + 3 * count <= to else { return p }
                var fields: [FITImporter.FieldDefinition] = []
                for _ in 0..<count {
                    fields.append(.init(number: Int(bytes[q]), size: Int(bytes[q + 1]), baseType: Int(bytes[q + 2])))
                    q += 3
                }
                var developerBytes = 0
                if header & 0x20 != 0 {
                    guard q + 1 <= to else { return p }
                    let developerCount = Int(bytes[q])
                    q += 1
                    guard q + 3 * developerCount <= to else { return p }
                    for _ in 0..<developerCount {
                        developerBytes += Int(bytes[q + 1])
                        q += 3
                    }
                }
                definitions[header & 0xF] = .init(global: global, littleEndian: littleEndian, fields: fields, developerBytes: developerBytes)
                p = q
            } else {  // normal data message
                guard let definition = definitions[header & 0xF] else { return p }
                let size = definition.fields.reduce(0) { $0 + $1.size } + definition.developerBytes
                guard p + 1 + size <= to else { return p }
                dataMessage(bytes, at: p + 1, definition, timestamp: nil)
                p += 1 + size
            }
            messageCount += 1
        }
        return p
    }

    /// Reads one field's values (arrays give several); invalid values come back as nil.
    static func values(_ bytes: [UInt8], at position: Int, _ field: FITImporter.FieldDefinition, littleEndian: Bool) -> [Double?] {
        let base = field.baseType & 0x1F
        let width: Int
        switch base {
        case 0, 1, 2, 7, 10, 13: width = 1
        case 3, 4, 11: width = 2
        case 5, 6, 8, 12: width = 4
        case 9, 14, 15, 16: width = 8
        default: width = 1
        }
        guard base != 7, field.size >= width else { return [] }  // strings are not values
        var reader = ByteReader(bytes, littleEndian: littleEndian)
        reader.position = position
        var out: [Double?] = []
        for _ in 0..<(field.size / width) {
            let raw = reader.unsigned(width)
            switch base {
            case 1: out.append(raw == 0x7F ? nil : Double(Int8(truncatingIfNeeded: raw)))
            case 3: out.append(raw == 0x7FFF ? nil : Double(Int16(truncatingIfNeeded: raw)))
            case 5: out.append(raw == 0x7FFF_FFFF ? nil : Double(Int32(truncatingIfNeeded: raw)))
            case 14: out.append(raw == 0x7FFF_FFFF_FFFF_FFFF ? nil : Double(Int64(bitPattern: raw)))
            case 8:
                let v = Float(bitPattern: UInt32(truncatingIfNeeded: raw))
                out.append(raw == 0xFFFF_FFFF || v.isNaN ? nil : Double(v))
            case 9:
                let v = Double(bitPattern: raw)
                out.append(raw == UInt64.max || v.isNaN ? nil : v)
            case 10, 11, 12, 16: out.append(raw == 0 ? nil : Double(raw))
            default:
                let invalid: UInt64 = width == 8 ? UInt64.max : (UInt64(1) << (8 * UInt64(width))) - 1
                out.append(raw == invalid ? nil : Double(raw))
            }
        }
        return out
    }

    mutating func dataMessage(_ bytes: [UInt8], at start: Int, _ definition: FITImporter.Definition, timestamp compressed: UInt32?) {
        var fields: [Int: [Double?]] = [:]
        var p = start
        for field in definition.fields {
            fields[field.number] = Self.values(bytes, at: p, field, littleEndian: definition.littleEndian)
            p += field.size
        }
        func first(_ number: Int) -> Double? { fields[number]?.first ?? nil }
        var timestamp = compressed.map(Double.init)
        if let ts = first(253), let whole = UInt32(exactly: ts.rounded(.down)) {
            lastTimestamp = whole
            timestamp = Double(whole)
        }
        if let ts = timestamp {
            if definition.global == 20 || definition.global == 21 {
                if firstTimestamp == nil { firstTimestamp = ts }
            } else if firstOtherTimestamp == nil, definition.global != 0 {
                firstOtherTimestamp = ts
            }
        }
        switch definition.global {
        case 0:  // file_id
            if first(1) == 1 { deviceName = "Garmin" }
            if let product = first(2).flatMap({ Int(exactly: $0) }), deviceName != nil { deviceName = "Garmin (product \(product))" }
        case 3: userProfileSkipped = true  // user_profile: never read
        case 20:  // record
            guard let t = timestamp else { return }
            func keep(_ kind: ChannelKind, _ value: Double?) {
                if let value { records[kind, default: []].append((t, value)) }
            }
            keep(.heartRate, first(3))
            keep(.cadence, first(4))
            keep(.speed, first(73).map { $0 / 1000 } ?? first(6).map { $0 / 1000 })
            keep(.distance, first(5).map { $0 / 100 })
            keep(.altitude, first(78).map { $0 / 5 - 500 } ?? first(2).map { $0 / 5 - 500 })
            keep(.temperature, first(13))
            if first(0) != nil || first(1) != nil {
                if includeLocation {
                    keep(.latitude, first(0).map { $0 * 180 / 2_147_483_648 })
                    keep(.longitude, first(1).map { $0 * 180 / 2_147_483_648 })
                } else {
                    positionsDropped += 1
                }
            }
        case 21:  // event
            guard let t = timestamp, let event = first(0).flatMap({ Int(exactly: $0) }) else { return }
            let name = Self.eventNames[event] ?? "event \(event)"
            let type = first(1).flatMap { Int(exactly: $0) }.map { Self.eventTypes[$0] ?? "type \($0)" }
            events.append((t, type.map { "\(name) \($0)" } ?? name))
        case 78:  // hrv: beat intervals in ms/1000
            for value in fields[0] ?? [] { if let value { beats.append(value / 1000) } }
        default: break
        }
    }

    static let eventNames: [Int: String] = [
        0: "timer", 3: "workout", 4: "workout_step", 5: "power_down", 6: "power_up", 7: "off_course", 8: "session", 9: "lap",
        10: "course_point", 11: "battery", 12: "virtual_partner_pace", 13: "hr_high_alert", 14: "hr_low_alert",
        15: "speed_high_alert", 16: "speed_low_alert", 17: "cad_high_alert", 18: "cad_low_alert", 19: "power_high_alert",
        20: "power_low_alert", 21: "recovery_hr", 22: "battery_low", 23: "time_duration_alert", 24: "distance_duration_alert",
        25: "calorie_duration_alert", 26: "activity", 27: "fitness_equipment", 28: "length", 32: "user_marker", 33: "sport_point",
        36: "calibration", 42: "front_gear_change", 43: "rear_gear_change", 44: "rider_position_change",
    ]
    static let eventTypes: [Int: String] = [
        0: "start", 1: "stop", 2: "consecutive_depreciated", 3: "marker", 4: "stop_all", 5: "begin_depreciated",
        6: "end_depreciated", 7: "end_all_depreciated", 8: "stop_disable", 9: "stop_disable_all",
    ]
}
