import Logging
import SwitchboardLoad

/// Opens every connection (ramped, with bounded handshakes in flight), lets each drive its
/// runs, samples the server, and merges the connections' results into one ``LoadSummary``.
struct LoadRunner: Sendable {
    let options: LoadOptions
    let logger: Logger

    func run(counters: LiveCounters, log: @escaping @Sendable (String) -> Void) async throws -> LoadSummary {
        let tokens = try await credentials(log: log)
        let clock = ContinuousClock()
        let probe = options.serverPID.map { ServerProcessProbe(pid: $0) }
        let sampler = probe.map { MemorySampler(probe: $0) }
        let rssBefore = sampler?.sample()
        let cpuBefore = probe?.cpuSeconds()
        let samplerTask = Task { await sampler?.run() }
        defer { samplerTask.cancel() }

        let started = clock.now
        let endOfTest = started + .seconds(options.rampSeconds + (options.durationSeconds ?? 365 * 86_400))
        let slots = ConnectSlots(options.connectConcurrency)
        let total = options.totalConnections
        let groups = (0..<options.users).map { _ in UserGroup(size: options.connectionsPerUser) }
        let everyone = UserGroup(size: total)
        let plans = (0..<total).map { connectionPlan(index: $0, token: tokens[$0 / options.connectionsPerUser], endOfTest: endOfTest) }
        let active = UserGroup(size: plans.filter(\.startsRuns).count)
        let connectedReading = Task { () -> Int64? in
            while counters.value(.connectionsResolved) < total, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
            }
            try? await Task.sleep(for: .seconds(options.settleSeconds))
            return sampler?.sample()
        }
        let results = await withTaskGroup(of: ConnectionResult.self) { group in
            for index in 0..<total {
                let user = index / options.connectionsPerUser
                let plan = plans[index]
                try? await Task.sleep(until: started + .seconds(options.rampSeconds * Double(index) / Double(total)), clock: clock)
                await slots.acquire()
                let driver = ConnectionDriver(
                    plan: plan, group: Peers(user: groups[user], everyone: everyone, active: active), counters: counters, logger: logger)
                group.addTask {
                    await driver.run {
                        counters.bump(.connectionsResolved)
                        Task { await slots.release() }
                    }
                }
            }
            var results: [ConnectionResult] = []
            for await result in group { results.append(result) }
            return results
        }
        let seconds = (clock.now - started).seconds
        let rssConnected = await connectedReading.value
        connectedReading.cancel()
        try? await Task.sleep(for: .seconds(options.settleSeconds))
        var summary = merge(results, seconds: seconds)
        if let sampler, let rssBefore {
            let established = summary.connectionsEstablished
            let perConnection = rssConnected.flatMap { connected -> Double? in
                guard options.idle || options.activeUsers == 0, established > 0 else { return nil }
                return Double(connected - rssBefore) / Double(established)
            }
            summary.memory = .init(beforeKiB: rssBefore, connectedKiB: rssConnected, peakKiB: sampler.peakKiB,
                afterKiB: sampler.sample(), kibPerConnection: perConnection, source: "/proc/\(sampler.probe.pid)/status VmRSS")
        }
        if let cpuBefore, let cpuAfter = probe?.cpuSeconds() { summary.serverCPUSeconds = cpuAfter - cpuBefore }
        return summary
    }

    private func connectionPlan(index: Int, token: (user: String, token: String), endOfTest: ContinuousClock.Instant)
        -> ConnectionPlan
    {
        let k = options.connectionsPerUser
        let slot = index % k
        let active = !options.idle && index / k < options.activeUsers
        // A user's runs and its concurrency are shared out over its connections.
        let runs = options.runsPerUser.map { $0 / k + (slot < $0 % k ? 1 : 0) }
        return ConnectionPlan(
            url: options.urls[slot % options.urls.count], user: token.user, token: token.token, index: slot, runs: active ? runs : 0,
            concurrency: max(1, options.concurrency / k + (slot < options.concurrency % k ? 1 : 0)),
            startsRuns: active && runs != 0, endOfTest: endOfTest, runDeadline: .seconds(options.runDeadlineSeconds),
            resumeChaos: options.resumeChaos, reconnects: options.reconnects, waitsForEveryone: options.runsAfterConnect, query: options.query)
    }

    private func credentials(log: @Sendable (String) -> Void) async throws -> [(user: String, token: String)] {
        switch options.credentials {
        case .secret(let secret):
            let minter = TokenMinter(secret: secret)
            return (0..<options.users).map { (options.userName($0), minter.token(for: options.userName($0))) }
        case .authService(let url):
            log("registering \(options.users) users at \(url) …")
            let client = AuthClient(baseURL: url)
            var tokens: [(user: String, token: String)] = []
            for index in 0..<options.users {
                let credentials = try await client.credentials(for: options.userName(index))
                tokens.append((credentials.userID, credentials.token))
            }
            return tokens
        }
    }

    private func merge(_ results: [ConnectionResult], seconds: Double) -> LoadSummary {
        var summary = LoadSummary()
        summary.url = options.urls.joined(separator: " ")
        summary.users = options.users
        summary.connectionsPerUser = options.connectionsPerUser
        summary.activeUsers = options.idle ? 0 : options.activeUsers
        summary.seconds = seconds
        summary.connectionsAttempted = results.count
        var eventLatencies: [Int64] = []
        var peerLatencies: [Int64] = []
        var runLatencies: [Int64] = []
        var connectLatencies: [Int64] = []
        for result in results {
            if result.established { summary.connectionsEstablished += 1 }
            if let failure = result.failure { summary.connectFailures[String(failure.prefix(200)), default: 0] += 1 }
            summary.reconnects += result.reconnects
            summary.runsRequested += result.requested
            summary.runsCompleted += result.completed
            summary.eventsReceived += result.events
            summary.offsetsSeen = summary.offsetsSeen || result.offsetsSeen
            for (key, count) in result.endings { summary.runEndings[key, default: 0] += count }
            for (key, count) in result.errors { summary.errorsByCode[key, default: 0] += count }
            summary.checks.merge(result.report)
            eventLatencies += result.eventLatencyMicros
            peerLatencies += result.peerEventLatencyMicros
            runLatencies += result.runLatencyMicros
            connectLatencies += result.connectMicros
        }
        summary.eventLatency = LatencySummary(microseconds: eventLatencies)
        summary.peerEventLatency = LatencySummary(microseconds: peerLatencies)
        summary.runLatency = LatencySummary(microseconds: runLatencies)
        summary.connectLatency = LatencySummary(microseconds: connectLatencies)
        return summary
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
