import SwitchboardStartup
import Testing

@Suite("Startup graph validation")
struct StartupGraphTests {
    @Test func acceptsAValidGraphInDeclaredOrder() throws {
        let graph = try StartupGraph([
            StartupNode("configuration"),
            StartupNode("database", dependsOn: ["configuration"]),
            StartupNode("analytics store", dependsOn: ["database"], requirement: .optional),
        ])
        #expect(graph.nodes.map(\.name) == ["configuration", "database", "analytics store"])
        #expect(graph.dependents(of: "database").map(\.name) == ["analytics store"])
    }

    @Test func refusesAnUnknownDependencyNamingBothNodes() {
        #expect(throws: StartupGraphError.unknownDependency(node: "database", dependency: "configuraton")) {
            try StartupGraph([StartupNode("configuration"), StartupNode("database", dependsOn: ["configuraton"])])
        }
    }

    @Test func refusesACycleListingItsNodes() {
        let error = #expect(throws: StartupGraphError.self) {
            try StartupGraph([
                StartupNode("configuration"),
                StartupNode("a", dependsOn: ["configuration", "c"]),
                StartupNode("b", dependsOn: ["a"]),
                StartupNode("c", dependsOn: ["b"]),
            ])
        }
        #expect(error == .cycle(["a", "c", "b", "a"]))
        #expect(error?.code == "STARTUP_CYCLE")
        #expect(error?.message == "startup nodes depend on each other in a cycle: a -> c -> b -> a")
    }

    @Test func orderOnlyEdgesAreValidatedToo() {
        #expect(throws: StartupGraphError.unknownDependency(node: "http server", dependency: "analytics")) {
            try StartupGraph([StartupNode("http server", after: ["analytics"])])
        }
        #expect(throws: StartupGraphError.cycle(["a", "b", "a"])) {
            try StartupGraph([StartupNode("a", after: ["b"]), StartupNode("b", dependsOn: ["a"])])
        }
        // A required node may come after an optional one: it does not need it healthy.
        #expect(throws: Never.self) {
            try StartupGraph([StartupNode("store", requirement: .optional), StartupNode("http server", after: ["store"])])
        }
    }

    @Test func refusesASelfDependency() {
        #expect(throws: StartupGraphError.cycle(["a", "a"])) {
            try StartupGraph([StartupNode("a", dependsOn: ["a"])])
        }
    }

    @Test func refusesARequiredNodeOnAnOptionalOne() {
        let error = #expect(throws: StartupGraphError.self) {
            try StartupGraph([
                StartupNode("analytics store", requirement: .optional),
                StartupNode("spool replay", dependsOn: ["analytics store"]),
            ])
        }
        #expect(error == .requiredDependsOnOptional(required: "spool replay", optional: "analytics store"))
        #expect(error?.message == "required startup node 'spool replay' depends on optional node 'analytics store'")
    }

    @Test func refusesDuplicateNames() {
        #expect(throws: StartupGraphError.duplicateNode("database")) {
            try StartupGraph([StartupNode("database"), StartupNode("database")])
        }
    }

    @Test func backoffGrowsExponentiallyWithJitterAndCap() {
        let policy = RetryPolicy(attempts: 6, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500))
        #expect(policy.backoff(afterAttempt: 1, jitter: 1) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 2, jitter: 1) == .milliseconds(200))
        #expect(policy.backoff(afterAttempt: 3, jitter: 1) == .milliseconds(400))
        #expect(policy.backoff(afterAttempt: 4, jitter: 1) == .milliseconds(500))
        #expect(policy.backoff(afterAttempt: 2, jitter: 0) == .milliseconds(100))
        #expect(policy.backoff(afterAttempt: 2, jitter: 0.5) == .milliseconds(150))
    }
}
