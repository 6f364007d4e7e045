#include "SwitchboardSQLiteOptions.h"

#include "sqlite_nio_sqlite3.h"

int switchboard_sqlite_enable_stable_plans(void *connection) {
    int applied = 0;
    return sqlite_nio_sqlite3_db_config((sqlite3 *)connection, SQLITE_DBCONFIG_ENABLE_QPSG, 1, &applied);
}
