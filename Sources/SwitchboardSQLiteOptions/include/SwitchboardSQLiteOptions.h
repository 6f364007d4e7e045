#ifndef SWITCHBOARD_SQLITE_OPTIONS_H
#define SWITCHBOARD_SQLITE_OPTIONS_H

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for one
/// connection (a `sqlite3 *` of SQLiteNIO's build); answers an SQLite result code.
///
/// A C function because `sqlite3_db_config` is variadic, and Swift imports no variadic C
/// function.
int switchboard_sqlite_enable_stable_plans(void *connection);

#endif
