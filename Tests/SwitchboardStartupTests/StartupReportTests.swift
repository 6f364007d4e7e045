import SwitchboardStartup
import Testing

@Suite("Startup report rendering")
struct StartupReportTests {
    private func report() async throws -> StartupReport {
        let harness = StartupHarness()
        return try await harness.runner([
            StartupNode("configuration"),
            StartupNode("migrations app", dependsOn: ["configuration"]),
            StartupNode("analytics store", dependsOn: ["configuration"], requirement: .optional) {
                throw Refused("down")
            },
        ]).run()
    }

    @Test func mermaidDrawsEveryNodeAndEdge() async throws {
        #expect(try await report().mermaid == """
            graph TD
              configuration["configuration<br/>required, started"]
              migrations_app["migrations app<br/>required, started"]
              analytics_store["analytics store<br/>optional, degraded"]
              configuration --> migrations_app
              configuration --> analytics_store
            """)
    }

    @Test func dotMarksOptionalAndDegradedNodes() async throws {
        let dot = try await report().dot
        #expect(dot.hasPrefix("digraph startup {"))
        #expect(dot.contains(#""analytics store" [label="analytics store\ndegraded", style=dashed, color=orange];"#))
        #expect(dot.contains(#""configuration" -> "migrations app";"#))
        #expect(dot.hasSuffix("}"))
    }

    @Test func textSummarisesAndListsNodes() async throws {
        let text = try await report().text
        #expect(text.hasPrefix("startup: degraded (2/3 started, 1 degraded)"))
        #expect(text.contains("degraded analytics store [optional] <- configuration attempts=1"))
        #expect(text.contains("error=down"))
    }
}
