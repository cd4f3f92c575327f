import Foundation
import Store

@testable import PostgresStore

/// The PostgreSQL database of the tests: `VERBATIM_TEST_POSTGRES_URL` (scripts/test starts a
/// throw-away cluster and sets it), a fresh schema per test.
///
/// Without the variable a test fails under CI (`CI=true`) and is skipped with a printed reason
/// on a developer's machine.
enum PostgresTestDatabase {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "VERBATIM_TEST_POSTGRES_URL is not set under CI: scripts/test starts PostgreSQL (scripts/postgres start) and sets it."
        }
    }

    /// A location in a new schema of its own, or `nil` (skip) when no database is configured outside CI.
    static func freshLocation(function: String = #function) throws -> PostgresLocation? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["VERBATIM_TEST_POSTGRES_URL"], !url.isEmpty else {
            if environment["CI"] == "true" { throw Missing() }
            print("\(function): skipped, VERBATIM_TEST_POSTGRES_URL is not set (run scripts/postgres start and export its URL)")
            return nil
        }
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        return try PostgresLocation(url: url, schema: "test_\(suffix)")
    }
}
