import Foundation
import Logging
import SwitchboardAnalytics
import SwitchboardStorage
import Testing

/// A run costs what its answer costs: a real `serve` over a million stored LLM calls answers a
/// cost question with the server's resident memory growing by less than 32 MiB. (Speed is a
/// benchmark's business — bench/analytics — not this test's.)
@Suite("Memory of a run over a million stored calls")
struct RunMemoryTests {
    static let events = 1_000_000

    /// A million rows written straight into a database at the analytics schema's first version
    /// (as an earlier Switchboard would have left it); `serve` then builds the rollups in
    /// migration 2, which this exercises at size too.
    static func fillMillion(dataDirectory: String, start: Date) async throws {
        let logger = Logger(label: "fill") { _ in SwiftLogNoOpLogHandler() }
        let provider = try DatabaseProviderFactory.makeProvider(url: try DatabaseURL(parsing: "sqlite://" + dataDirectory), logger: logger)
        do {
            let first = NamespaceSchema(namespace: .analytics, migrations: [AnalyticsSchema.schema.migrations[0]])
            let storage = try await PreparedStorage.prepare(SchemaCatalog([first]), provider: provider, logger: logger)
            let models = "CASE i % 5 WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'gpt-4o-mini' WHEN 2 THEN 'claude-sonnet-4' "
                + "WHEN 3 THEN 'claude-3-5-haiku' ELSE 'gemini-2.5-flash' END"
            let providers = "CASE i % 5 WHEN 0 THEN 'openai' WHEN 1 THEN 'openai' WHEN 2 THEN 'anthropic' WHEN 3 THEN 'anthropic' ELSE 'google' END"
            let workloads = "CASE i % 5 WHEN 0 THEN 'chat' WHEN 1 THEN 'classification' WHEN 2 THEN 'code' WHEN 3 THEN 'summarization' ELSE 'rag' END"
            try await storage.database(for: .analytics).execute(SQLStatement(
                """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(events - 1))
                INSERT INTO usage_events (user_id, event_id, occurred_at, model, provider, input_tokens, output_tokens,
                    latency_ms, cost_usd, status, prompt_hash, workload_type, tags)
                SELECT 'bigco', 'e' || i, strftime('%Y-%m-%dT%H:%M:%S', $1 + (i * 7919) % 2505600, 'unixepoch') || '.000000Z',
                    \(models), \(providers), 200 + (i * 31) % 8000, 10 + (i * 17) % 1500, 100 + (i * 13) % 9000,
                    ((i * 37) % 1000) / 10000.0, CASE WHEN i % 50 = 0 THEN 'error' ELSE 'success' END,
                    CASE WHEN i % 3 = 0 THEN 'popular-' || (i % 200) ELSE 'unique-' || i END, \(workloads), '{}'
                FROM n
                """, [.integer(Int64(start.timeIntervalSince1970))]))
            await provider.shutdown()
        } catch {
            await provider.shutdown()
            throw error
        }
    }

    @Test func theServersResidentMemoryGrowsByLessThan32MiB() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-million-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every call inside the last 30 UTC days, today included.
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        try await Self.fillMillion(dataDirectory: directory.path, start: Date(timeIntervalSince1970: today - 28 * 86_400))
        let environment = ["SWITCHBOARD_DATA_DIR": directory.path]
        let serve = try await ServeProcess.start([], environment: environment, startupSeconds: 300)
        do {
            let minted = try await CommandLineTests.runAsync(["token", "--user", "bigco", "--tier", "pro"], environment: environment)
            let token = try #require(minted.stdout.split(separator: "\n").last.map(String.init))
            // A first, small request warms the process up (pools, first allocations).
            _ = try await HTTP.send("GET", port: serve.port, path: "/api/usage/summary?days=1", token: token)
            let before = serve.statusKiB("VmRSS")
            try serve.resetPeakResidentSize()
            let answer = try await HTTP.send(
                "POST", port: serve.port, path: "/api/agent/stream", token: token,
                json: ["query": "How can I cut my LLM costs without hurting latency?"])
            let peak = serve.statusKiB("VmHWM")
            #expect(answer.status == 200)
            #expect(answer.body.contains("event: final_report"), "\(answer.body.suffix(2_000))")
            #expect(answer.body.contains("\"calls\":1000000"), "the report covers every call")
            #expect(before > 0 && peak >= before)
            #expect(peak - before < 32 * 1024, "RSS grew from \(before) KiB to a peak of \(peak) KiB during the run")
        } catch {
            _ = await serve.stop()
            throw error
        }
        _ = await serve.stop()
    }
}
