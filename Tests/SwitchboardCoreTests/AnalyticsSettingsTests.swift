import SwitchboardCore
import Testing

@Suite("SWITCHBOARD_ANALYTICS_URL")
struct AnalyticsSettingsTests {
    @Test func unsetKeepsAnalyticsInTheDatabase() throws {
        #expect(try ConfigurationLoader(environment: [:]).load().analytics.url == nil)
        let http = try ConfigurationLoader(environment: ["SWITCHBOARD_ANALYTICS_URL": "http://127.0.0.1:8123/a"]).load()
        #expect(http.analytics.url == "http://127.0.0.1:8123/a")
    }

    @Test(arguments: ["postgres://u:hunter2@h/db", "clickhouse://u:hunter2@h /db", "ch.internal:8123"])
    func otherSchemesAreRefusedWithoutEchoingTheValue(_ value: String) {
        #expect(throws: ConfigurationError.invalidValue(
            setting: "SWITCHBOARD_ANALYTICS_URL", value: "(not shown)",
            expected: "a URL starting with clickhouse://, http:// or https://")
        ) {
            try ConfigurationLoader(environment: ["SWITCHBOARD_ANALYTICS_URL": value]).load()
        }
    }
}
