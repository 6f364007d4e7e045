import Prometheus
import SwitchboardObservability
import Testing

@Suite("Database metrics: a namespace's histograms made once")
struct DatabaseMetricsTests {
    @Test("each operation lands in its own labelled histogram; an error counter appears with the first failure")
    func recordsByOperation() {
        let metrics = SwitchboardMetrics()
        let app = metrics.database.namespace("app")
        let events = metrics.database.namespace("events")
        app.record(.query, duration: .milliseconds(2), failed: false)
        app.record(.query, duration: .milliseconds(3), failed: false)
        app.record(.transaction, duration: .milliseconds(20), failed: true)
        events.record(.execute, duration: .microseconds(300), failed: false)
        var bytes: [UInt8] = []
        metrics.registry.emit(into: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let name = "switchboard_database_query_duration_seconds_count"
        #expect(text.contains(#"\#(name){namespace="app",operation="query"} 2"#))
        #expect(text.contains(#"\#(name){namespace="app",operation="transaction"} 1"#))
        #expect(text.contains(#"\#(name){namespace="events",operation="execute"} 1"#))
        #expect(text.contains(#"\#(name){namespace="events",operation="query"} 0"#))
        #expect(text.contains(#"switchboard_database_errors_total{namespace="app",operation="transaction"} 1"#))
        #expect(!text.contains(#"switchboard_database_errors_total{namespace="app",operation="query"}"#))
    }
}
