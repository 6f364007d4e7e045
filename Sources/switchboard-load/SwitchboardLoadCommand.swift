import ArgumentParser
import Foundation
import Logging
import SwitchboardLoad

/// `switchboard-load`: many users, each on its own connections, run agents against a server;
/// every event is checked for isolation, offsets, order and completion; the report ends with
/// `VERDICT: PASS` (exit 0) or `VERDICT: FAIL (reasons)` (exit 1).
@main
struct SwitchboardLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-load",
        abstract: "Multi-user load and isolation checker for a Switchboard server.",
        discussion: """
            Example: switchboard-load --url ws://127.0.0.1:8080/ws --token-secret "$(cat data/jwt-secret)" \\
                       --users 100 --duration 30 --server-pid $(pgrep -n switchboard)
            Progress goes to stderr; the report and the final VERDICT line to stdout.
            """)

    @Option(help: "WebSocket URL of the server's /ws endpoint; give several (instances of a cluster) and a user's k-th connection uses the k-th.")
    var url: [String] = ["ws://127.0.0.1:8080/ws"]
    @Option(help: "Number of users.") var users = 10
    @Option(help: "Connections per user (the server allows 3 by default).") var connectionsPerUser = 1
    @Option(help: "Runs each active user starts (default: 1, or back to back until --duration ends when it is given).")
    var runsPerUser: Int?
    @Option(help: "Runs in flight per user (the server allows 5 by default).") var concurrency = 1
    @Option(help: "Seconds over which connections are opened.") var ramp = 0.0
    @Option(help: "Seconds to run after the ramp (idle: to hold the connections).") var duration: Double?
    @Flag(help: "Hold connections without starting runs.") var idle = false
    @Option(help: "Only the first N users start runs; the rest hold idle connections (default: all).")
    var activeUsers: Int?
    @Option(help: "HS256 secret to mint user tokens with (the server's SWITCHBOARD_JWT_SECRET or data dir jwt-secret).")
    var tokenSecret: String?
    @Option(help: "Auth base URL (http://host:port): register and log in every user instead of minting tokens.")
    var authURL: String?
    @Option(help: "Probability per run of dropping the connection mid-run and resuming from the last offset.")
    var resumeChaos = 0.0
    @Flag(help: "Reconnect (and resume from the last offset) when the server closes or loses a connection: for clusters whose instances are killed or restarted behind a load balancer.")
    var reconnect = false
    @Flag(help: "Start runs only once every connection is open (measures steady state, not the connect storm).")
    var runsAfterConnect = false
    @Option(help: "The question each run asks.") var query = "How can I cut my LLM cost?"
    @Option(help: "Seconds a run may take before it counts as past its deadline.") var runDeadline = 60.0
    @Option(help: "WebSocket handshakes in flight at once.") var connectConcurrency = 200
    @Option(help: "Server process id: its RSS (VmRSS) and CPU time are read from /proc.") var serverPID: Int32?
    @Option(help: "User ids are this prefix and a 5-digit number.") var userPrefix = "load-"
    @Option(help: "Seconds to settle before the 'all connected' and 'after' RSS readings.") var settle = 1.0
    @Option(help: "Write the summary and verdict as JSON to this file.") var json: String?

    @Option(help: "Allowed foreign events.") var maxForeign = 0
    @Option(help: "Allowed lost events.") var maxLost = 0
    @Option(help: "Allowed duplicated events.") var maxDuplicated = 0
    @Option(help: "Allowed failed connections.") var maxConnectFailures = 0
    @Option(help: "Minimum percentage of runs completed.") var minCompletion = 99.9
    @Option(help: "Maximum p99 event delivery latency in milliseconds.") var maxP99Ms = 50.0
    @Option(help: "Server memory limit (1GiB, 512MiB, bytes); peak RSS must stay under --max-memory-fraction of it.")
    var memoryLimit = ByteSize(bytes: 1 << 30)
    @Option(help: "Fraction of --memory-limit the peak RSS must stay under.") var maxMemoryFraction = 0.70

    func validate() throws {
        guard users > 0, connectionsPerUser > 0, concurrency > 0, connectConcurrency > 0 else {
            throw ValidationError("--users, --connections-per-user, --concurrency and --connect-concurrency must be positive")
        }
        guard (tokenSecret == nil) != (authURL == nil) else { throw ValidationError("give exactly one of --token-secret and --auth-url") }
        if let tokenSecret, tokenSecret.utf8.count < 32 { throw ValidationError("--token-secret must be at least 32 bytes") }
        guard (0...1).contains(resumeChaos) else { throw ValidationError("--resume-chaos is a probability (0…1)") }
        guard ramp >= 0, (duration ?? 1) > 0, runDeadline > 0, settle >= 0 else {
            throw ValidationError("--ramp, --duration, --run-deadline and --settle must be positive")
        }
        if idle || activeUsers.map({ $0 < users }) == true, duration == nil {
            throw ValidationError("idle connections need --duration (how long to hold them)")
        }
        guard url.allSatisfy({ $0.hasPrefix("ws://") || $0.hasPrefix("wss://") }) else { throw ValidationError("--url must be ws:// or wss://") }
    }

    func run() async throws {
        let options = LoadOptions(
            urls: url, users: users, connectionsPerUser: connectionsPerUser,
            runsPerUser: idle ? 0 : (runsPerUser ?? (duration == nil ? 1 : nil)), concurrency: concurrency,
            rampSeconds: ramp, durationSeconds: duration, idle: idle, activeUsers: min(users, activeUsers ?? users),
            credentials: tokenSecret.map(LoadOptions.Credentials.secret) ?? .authService(authURL ?? ""),
            resumeChaos: resumeChaos, reconnects: reconnect, runsAfterConnect: runsAfterConnect, query: query, runDeadlineSeconds: runDeadline,
            connectConcurrency: connectConcurrency, serverPID: serverPID, userPrefix: userPrefix, settleSeconds: settle)
        var thresholds = Thresholds()
        thresholds.maxForeignEvents = maxForeign
        thresholds.maxLostEvents = maxLost
        thresholds.maxDuplicatedEvents = maxDuplicated
        thresholds.maxConnectFailures = maxConnectFailures
        thresholds.minRunCompletionPercent = minCompletion
        thresholds.maxP99Milliseconds = maxP99Ms
        thresholds.memoryLimitBytes = memoryLimit.bytes
        thresholds.maxMemoryFraction = maxMemoryFraction

        let counters = LiveCounters()
        let progress = ProgressPrinter(counters: counters, total: options.totalConnections)
        let progressTask = Task { await progress.run(started: .now) }
        let logger = Logger(label: "switchboard-load") { _ in SwiftLogNoOpLogHandler() }
        let summary: LoadSummary
        do {
            summary = try await LoadRunner(options: options, logger: logger).run(counters: counters) { progress.write($0 + "\n") }
        } catch {
            progressTask.cancel()
            _ = await progressTask.value
            print("VERDICT: FAIL (\(error))")
            throw ExitCode(1)
        }
        progressTask.cancel()
        _ = await progressTask.value
        let verdict = Verdict(summary, thresholds: thresholds)
        for line in ReportPrinter.lines(summary, verdict: verdict) { print(line) }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let document = LoadDocument(summary: summary, thresholds: thresholds, verdict: verdict,
                runsPerSecond: summary.runsPerSecond, eventsPerSecond: summary.eventsPerSecond)
            try encoder.encode(document).write(to: URL(fileURLWithPath: json))
        }
        if !verdict.passed { throw ExitCode(1) }
    }
}
