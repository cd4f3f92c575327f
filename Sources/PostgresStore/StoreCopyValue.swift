import Foundation
import GRDB
import PostgresNIO
import Store

/// One SQLite value converted to the type of its PostgreSQL column, as the two stores write the
/// same record: SQLite's 0/1 booleans become `boolean`, its dates (GRDB's UTC text, or seconds
/// since 2001-01-01 as REAL for the columns that store them so) `timestamptz`, its blobs `bytea`.
/// A value that does not fit its column is refused with its table, column and row, never altered.
enum StoreCopyValue {
    /// Appends `value` to `bindings` as the type of `column`.
    static func append(
        _ value: DatabaseValue, as column: StoreCopyPlan.TargetColumn, table: String, rowID: Int64,
        to bindings: inout PostgresBindings
    ) throws(StoreError) {
        let refuse = { (what: String) in
            StoreError(
                .invalidInput,
                "Row \(rowID) of \(table) holds \(what) in column \(column.name), which PostgreSQL keeps as \(column.type); "
                    + "nothing was copied. Correct the value in the SQLite store, then copy again.",
                fr: "La ligne \(rowID) de \(table) contient \(what) dans la colonne \(column.name), de type \(column.type) dans PostgreSQL ; "
                    + "rien n’a été copié. Corrigez la valeur dans la base SQLite, puis recommencez.")
        }
        do {
            switch (value.storage, column.type) {
            case (.null, _):
                bindings.appendNull()
            case (.int64(let integer), "bigint"):
                try bindings.append(integer)
            case (.int64(let integer), "integer"), (.int64(let integer), "smallint"):
                guard let small = Int32(exactly: integer) else { throw refuse("\(integer), out of range") }
                try bindings.append(small)
            case (.int64(let integer), "boolean"):
                guard integer == 0 || integer == 1 else { throw refuse("\(integer), not a boolean") }
                try bindings.append(integer == 1)
            case (.int64(let integer), "double precision"), (.int64(let integer), "real"):
                try bindings.append(Double(integer))
            case (.double(let real), "double precision"), (.double(let real), "real"):
                try bindings.append(real)
            case (.double(let real), "bigint"):
                guard let integer = Int64(exactly: real) else { throw refuse("\(real), not an integer") }
                try bindings.append(integer)
            case (.string(let text), "text"), (.string(let text), "character varying"):
                try bindings.append(text)
            case (.blob(let data), "bytea"):
                try bindings.append(data)
            case (.string(let text), "timestamp with time zone"):
                guard let date = Date.fromDatabaseValue(value) else { throw refuse("'\(text)', not a date") }
                try bindings.append(nearestMicrosecond(date))
            case (.double(let seconds), "timestamp with time zone"):
                try bindings.append(nearestMicrosecond(Date(timeIntervalSinceReferenceDate: seconds)))
            case (.int64(let seconds), "timestamp with time zone"):
                try bindings.append(nearestMicrosecond(Date(timeIntervalSinceReferenceDate: Double(seconds))))
            case (.int64, _), (.double, _), (.string, _), (.blob, _):
                throw refuse("a value of SQLite type \(value.storage.sqliteType)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw refuse("a value PostgreSQL cannot encode (\(error))")
        }
    }
}

extension StoreCopyValue {
    /// PostgreSQL's `timestamptz` counts microseconds since 2000-01-01, and postgres-nio truncates
    /// a date to them (12:00:00.123 may become .122999): this is the date it encodes as the
    /// nearest microsecond instead, so SQLite's milliseconds arrive as they are.
    static func nearestMicrosecond(_ date: Date) -> Date {
        let start = Date(timeIntervalSince1970: 946_684_800)
        let microseconds = (date.timeIntervalSince(start) * 1_000_000).rounded()
        return Date(timeInterval: (microseconds + (microseconds < 0 ? -0.5 : 0.5)) / 1_000_000, since: start)
    }
}

extension DatabaseValue.Storage {
    /// SQLite's name of the storage class.
    fileprivate var sqliteType: String {
        switch self {
        case .null: "NULL"
        case .int64: "INTEGER"
        case .double: "REAL"
        case .string: "TEXT"
        case .blob: "BLOB"
        }
    }
}
