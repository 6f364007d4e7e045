import Testing

/// The shared conformance checks against PostgreSQL.
@Suite("Storage conformance: PostgreSQL", .enabled(if: TestPostgres.isAvailable, TestPostgres.unavailableComment))
struct PostgresConformanceTests {
    @Test("values of every kind round-trip: unicode, SQL metacharacters, NULL, extreme integers, microseconds, JSON, bytes")
    func valuesRoundTrip() async throws { try await StorageConformance.valuesRoundTrip(.postgres) }

    @Test("a statement written for the dialect ahead of time runs as the portable one does")
    func statementsWrittenForTheDialectRunAlike() async throws { try await StorageConformance.statementsWrittenForTheDialectRunAlike(.postgres) }

    @Test("execute returns the number of rows changed (0 for DDL)")
    func changedRowCounts() async throws { try await StorageConformance.changedRowCounts(.postgres) }

    @Test("unique and foreign-key violations are .constraintViolation; ON DELETE CASCADE works")
    func constraintViolations() async throws { try await StorageConformance.constraintViolations(.postgres) }

    @Test("a transaction commits on return and rolls back on a thrown error")
    func transactions() async throws { try await StorageConformance.transactions(.postgres) }

    @Test("waiting for a pooled connection is bounded: .unavailable after the timeout")
    func poolWaitIsBounded() async throws { try await StorageConformance.poolWaitIsBounded(.postgres) }

    @Test("after shutdown, statements and new namespaces are .unavailable")
    func closedProviderIsUnavailable() async throws { try await StorageConformance.closedProviderIsUnavailable(.postgres) }

    @Test("every app migration applies and the schema check is clean")
    func appSchemaAppliesCleanly() async throws { try await MigrationConformance.appSchemaAppliesCleanly(.postgres) }

    @Test("migrating again applies only what is new, then nothing")
    func secondRunAppliesNothing() async throws { try await MigrationConformance.secondRunAppliesNothing(.postgres) }

    @Test("a migration changed after it ran, or unknown to the build, is refused")
    func changedMigrationRefused() async throws { try await MigrationConformance.changedMigrationRefused(.postgres) }

    @Test("a failing migration rolls back the whole run")
    func failedMigrationRollsBackTheRun() async throws { try await MigrationConformance.failedMigrationRollsBackTheRun(.postgres) }

    @Test("two providers migrating at once apply each migration once")
    func concurrentMigrationsApplyOnce() async throws { try await MigrationConformance.concurrentMigrationsApplyOnce(.postgres) }

    @Test("schema check: a dropped column")
    func droppedColumn() async throws { try await SchemaCheckConformance.droppedColumn(.postgres) }

    @Test("schema check: a stray table in the namespace")
    func strayTable() async throws { try await SchemaCheckConformance.strayTable(.postgres) }

    @Test("schema check: tables of another namespace are not reported")
    func otherNamespaceIgnored() async throws { try await SchemaCheckConformance.otherNamespaceIgnored(.postgres) }

    @Test("schema check: missing, extra and changed indexes")
    func missingAndExtraIndexes() async throws { try await SchemaCheckConformance.missingAndExtraIndexes(.postgres) }

    @Test("schema check: a column of another type")
    func typeMismatch() async throws { try await SchemaCheckConformance.typeMismatch(.postgres) }

    @Test("schema check: a column of a type no ColumnType maps to")
    func unrecognizedType() async throws { try await SchemaCheckConformance.unrecognizedType(.postgres) }

    @Test("schema check: nullability and an extra column")
    func nullabilityMismatch() async throws { try await SchemaCheckConformance.nullabilityMismatch(.postgres) }

    @Test("event log: a batch across 250 users moves each one's last offset to their highest, never back")
    func eventLogBatch() async throws { try await EventLogConformance.batchMovesEachUsersLastOffset(.postgres) }

    @Test("event log: offsets keep rising after every row of a user was trimmed")
    func eventLogTrimmedMark() async throws { try await EventLogConformance.offsetsSurviveTrimmingEverything(.postgres) }

    @Test("a run opens in one transaction: new or named thread, question and row; another's or an archived thread refused; a failure leaves nothing")
    func runOpening() async throws { try await RunOpeningConformance.opensInOneTransaction(.postgres) }

    @Test("a report message written behind is stored, its thread touched, by the next flush; another's or an archived thread refused")
    func reportWrittenBehind() async throws { try await RunOpeningConformance.reportWrittenBehind(.postgres) }

    @Test("instances: a live id is refused, a silent one past its lease or a stopped one is free again")
    func instanceRegistry() async throws { try await InstanceConformance.registryAndLease(.postgres) }

    @Test("run recovery ends the runs of dead instances, of no instance and of this one's last life, never a live peer's")
    func instanceRecovery() async throws { try await InstanceConformance.recoveryLeavesLivePeersRuns(.postgres) }
}
