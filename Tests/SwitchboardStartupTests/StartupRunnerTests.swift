import Synchronization
import SwitchboardStartup
import Testing

@Suite("Startup runner", .timeLimit(.minutes(1)))
struct StartupRunnerTests {
    @Test func independentNodesStartTogetherAndADependantWaitsForAll() async throws {
        let harness = StartupHarness()
        let record = EventRecord()
        // "database" and "auth keys" can only both finish if they run at the same time.
        let meeting = Rendezvous(parties: 2)
        let runner = try harness.runner([
            StartupNode("configuration") { record.append("configuration") },
            StartupNode("database", dependsOn: ["configuration"]) {
                await meeting.arriveAndWait()
                record.append("database")
            },
            StartupNode("auth keys", dependsOn: ["configuration"]) {
                await meeting.arriveAndWait()
                record.append("auth keys")
            },
            StartupNode("http server", dependsOn: ["database", "auth keys"]) { record.append("http server") },
        ])
        let report = try await runner.run()
        #expect(record.all.first == "configuration")
        #expect(record.all.last == "http server")
        #expect(Set(record.all[1...2]) == ["database", "auth keys"])
        #expect(report.summary == "4/4 started, 0 degraded")
        #expect(report.phase == .ready)
        #expect(runner.isHealthy)
    }

    @Test func aNodeThatFailsTwiceThenSucceedsIsRetriedAndEachAttemptLogged() async throws {
        let harness = StartupHarness()
        let calls = Mutex(0)
        let runner = try harness.runner([
            StartupNode(
                "database", retry: RetryPolicy(attempts: 3, initialBackoff: .milliseconds(100))
            ) {
                let call = calls.withLock { calls in
                    calls += 1
                    return calls
                }
                if call < 3 { throw Refused("connection refused (\(call))") }
            }
        ])
        let report = try await runner.run()
        #expect(report.result(named: "database")?.state == .started)
        #expect(report.result(named: "database")?.attempts == 3)
        // Exponential backoff scaled by the injected jitter of 0.5: 75 % of 100 ms, then of 200 ms.
        #expect(harness.clock.recordedSleeps == [.milliseconds(75), .milliseconds(150)])
        let attempts = harness.lines("startup attempt")
        #expect(attempts.count == 3)
        #expect(attempts.map { $0["attempt"] as? String } == ["1", "2", "3"])
        #expect(attempts.map { $0["outcome"] as? String } == ["failed", "failed", "started"])
        #expect(attempts.map { $0["node"] as? String } == ["database", "database", "database"])
        #expect(attempts[0]["error"] as? String == "connection refused (1)")
        #expect(attempts.allSatisfy { $0["duration_ms"] != nil })
        let node = try #require(harness.lines("startup node").first)
        #expect(node["outcome"] as? String == "started")
        #expect(node["attempts"] as? String == "3")
        #expect(node["duration_ms"] as? String == "225")
    }

    @Test func aRequiredFailureStopsTheStartNamingTheNode() async throws {
        let harness = StartupHarness()
        let started = EventRecord()
        let runner = try harness.runner([
            StartupNode("configuration"),
            StartupNode("database", dependsOn: ["configuration"], retry: RetryPolicy(attempts: 2)) {
                throw Refused("no route to host")
            },
            StartupNode("migrations app", dependsOn: ["database"]) { started.append("migrations app") },
        ])
        let failure = await #expect(throws: StartupFailure.self) { try await runner.run() }
        #expect(failure?.node == "database")
        #expect(failure?.attempts == 2)
        #expect(failure?.message == "required startup node 'database' failed after 2 attempts: no route to host")
        #expect(failure?.report.summary == "1/3 started, 0 degraded, 1 failed: database")
        #expect(failure?.report.result(named: "migrations app")?.state == .skipped)
        #expect(started.all.isEmpty)
        #expect(runner.report.phase == .failed)
        #expect(!runner.isHealthy)
        #expect(harness.lines("startup failed").first?["node"] as? String == "database")
    }

    @Test func aProbeFailureCountsAsAFailedAttempt() async throws {
        let harness = StartupHarness()
        let runner = try harness.runner([
            StartupNode("schema check", retry: RetryPolicy(attempts: 2), start: {}, probe: { throw Refused("drift") })
        ])
        let failure = await #expect(throws: StartupFailure.self) { try await runner.run() }
        #expect(failure?.node == "schema check")
        #expect(failure?.reason == "drift")
    }

    @Test func aTryThatOutlivesItsTimeoutFails() async throws {
        let logs = StartupHarness()
        // The real clock here: the try sleeps far longer than its 50 ms allowance.
        let runner = StartupRunner(
            graph: try StartupGraph([
                StartupNode("database", retry: RetryPolicy(attempts: 1, attemptTimeout: .milliseconds(50))) {
                    try await Task.sleep(for: .seconds(60))
                }
            ]), logger: logs.logger)
        let failure = await #expect(throws: StartupFailure.self) { try await runner.run() }
        #expect(failure?.reason == "timed out after 50 ms")
    }

    @Test func anOptionalFailureDegradesThenRecoversInTheBackground() async throws {
        let harness = StartupHarness()
        let available = Mutex(false)
        // What the report said of the node while its background try ran.
        let runnerBox = Mutex<StartupRunner?>(nil)
        let stateDuringRetry = Mutex<StartupNodeState?>(nil)
        let runner = try harness.runner([
            StartupNode("database"),
            StartupNode("analytics store", dependsOn: ["database"], requirement: .optional, retry: RetryPolicy(attempts: 2)) {
                guard available.withLock({ $0 }) else { throw Refused("clickhouse down") }
                let state = runnerBox.withLock { $0 }?.report.result(named: "analytics store")?.state
                stateDuringRetry.withLock { $0 = state }
            },
            StartupNode("analytics retention", dependsOn: ["analytics store"], requirement: .optional),
            StartupNode("http server", dependsOn: ["database"]),
        ])
        runnerBox.withLock { $0 = runner }
        let report = try await runner.run()
        #expect(report.phase == .degraded)
        #expect(report.summary == "2/4 started, 2 degraded")
        #expect(report.result(named: "analytics store")?.error == "clickhouse down")
        #expect(report.result(named: "analytics retention")?.error == "waiting for analytics store")
        #expect(runner.isHealthy)
        let readiness = await runner.readiness()
        #expect(readiness.isReady)
        #expect(readiness.checks.map(\.healthy) == [true, false, false, true])

        available.withLock { $0 = true }
        await runner.recoverDegradedNodes()
        #expect(runner.report.phase == .ready)
        #expect(runner.report.summary == "4/4 started, 0 degraded")
        #expect(runner.report.result(named: "analytics store")?.attempts == 3)
        #expect(stateDuringRetry.withLock { $0 } == .degraded)
        #expect(harness.lines("startup attempt").contains { $0["background"] as? String == "true" })
    }

    @Test func aNodeAfterAnOptionalOneWaitsForItsVerdictNotItsHealth() async throws {
        let harness = StartupHarness()
        let record = EventRecord()
        let runner = try harness.runner([
            StartupNode("analytics store", requirement: .optional, retry: RetryPolicy(attempts: 3)) {
                record.append("analytics store try")
                throw Refused("down")
            },
            StartupNode("http server", after: ["analytics store"]) { record.append("http server") },
        ])
        let report = try await runner.run()
        #expect(record.all == ["analytics store try", "analytics store try", "analytics store try", "http server"])
        #expect(report.summary == "1/2 started, 1 degraded")
        #expect(report.mermaid.contains("analytics_store -.-> http_server"))
    }

    @Test func readinessFailsWhenARequiredProbeFailsNow() async throws {
        let harness = StartupHarness()
        let healthy = Mutex(true)
        let runner = StartupRunner(
            graph: try StartupGraph([
                StartupNode("database", start: {}, probe: { guard healthy.withLock({ $0 }) else { throw Refused("gone") } })
            ]), logger: harness.logger)
        try await runner.run()
        #expect(await runner.readiness().isReady)
        healthy.withLock { $0 = false }
        let readiness = await runner.readiness()
        #expect(!readiness.isReady)
        #expect(readiness.checks.first?.error == "gone")
    }
}
