import Foundation
@testable import SwitchboardStorage
import Testing

@Suite("SQLite statements kept prepared")
struct SQLiteStablePlansTests {
    @Test("a kept statement whose plan could depend on its bindings is not prepared again on each run")
    func noRepreparation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-plans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let handle = try SQLiteHandle(path: directory.appendingPathComponent("plans.sqlite").path)
        defer { handle.close() }
        try handle.run("CREATE TABLE rollup (user_id TEXT, day TEXT, calls INTEGER, PRIMARY KEY (user_id, day))")
        for day in 1...9 {
            for user in ["alice", "bob"] {
                _ = try handle.changes(for: SQLStatement(
                    "INSERT INTO rollup VALUES ($1, $2, $3)", [.text(user), .text("2026-12-0\(day)"), .int(day)]))
            }
        }
        // Both shapes SQLite plans around a bound value: a LIMIT, and a GROUP BY under an
        // equality on the key (the analyses' rollup queries).
        let limited = "SELECT day FROM rollup WHERE user_id = $1 ORDER BY day LIMIT $2"
        let grouped = "SELECT day, SUM(calls) AS calls FROM rollup WHERE user_id = $1 AND day >= $2 GROUP BY day"
        for (user, limit) in [("alice", 2), ("bob", 5), ("alice", 3)] {
            #expect(try handle.rows(for: SQLStatement(limited, [.text(user), .int(limit)])).count == limit)
            #expect(try handle.rows(for: SQLStatement(grouped, [.text(user), .text("2026-12-0\(limit)")])).count == 10 - limit)
        }
        #expect(handle.repreparations(of: limited) == 0)
        #expect(handle.repreparations(of: grouped) == 0)
    }
}
