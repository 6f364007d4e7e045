import Foundation
import Logging
@testable import SwitchboardStorage
import Testing

/// Which connection a statement takes: reads share the readers, anything that may write waits
/// for the file's one writer.
@Suite("SQLite: reads and writes take their own connections")
struct SQLiteLeaseRoutingTests {
    @Test("SELECT and PRAGMA reads (any case, after whitespace) go to the readers; everything else to the writer")
    func routing() async {
        let pool = SQLiteConnectionPool(
            path: "/nonexistent/never-opened.sqlite",
            settings: .init(maximumConnections: 4, acquireTimeout: .seconds(1), busyTimeout: .seconds(1)),
            logger: Logger(label: "test"))
        for read in ["SELECT 1", "  \n\tselect * FROM t", "Select x", "PRAGMA journal_mode", "pragma table_info(t)"] {
            #expect(pool.lease(for: read) === pool.readers, "\(read)")
        }
        for write in ["INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t", "PRAGMA journal_mode = WAL",
                      "BEGIN IMMEDIATE", "SELEC", "", "CREATE TABLE t (a)", "WITH x AS (SELECT 1) DELETE FROM t"] {
            #expect(pool.lease(for: write) === pool.writer, "\(write)")
        }
        #expect(pool.readers !== pool.writer)
        await pool.close()
    }
}
