import Foundation
import SwitchboardLoad
import SwitchboardProtocol

/// One logical connection as a state machine: frames and clock ticks go in, actions for the
/// socket come out (postgres-nio's style), so the socket code stays a thin loop. It outlives a
/// socket: after a `--resume-chaos` drop the next socket continues with the same checker.
struct DriverState: Sendable {
    enum Phase: Sendable {
        case waitingForPeers, running
        case draining(since: ContinuousClock.Instant)
        case closing(since: ContinuousClock.Instant)
    }

    enum Action: Sendable, Equatable {
        case send(String)
        case close
        case drop
    }

    /// A planned `--resume-chaos` drop: after `after` events of the run that answers `request`.
    private struct PlannedDrop: Sendable {
        var request: String
        var runID: String?
        var after: Int
        var seen = 0
    }

    let plan: ConnectionPlan
    private(set) var checker: StreamChecker
    var result = ConnectionResult()
    private(set) var phase = Phase.waitingForPeers
    private var awaitingEstablished = true
    private var connectStarted: ContinuousClock.Instant
    private var runsLeft: Int?
    private var sequence = 0
    private var inFlight: [String: ContinuousClock.Instant] = [:]
    /// In-flight requests whose run started (the server acknowledged them with `agent_started`).
    private var acknowledged: Set<String> = []
    /// Runs this connection started (the others' events are its user's other connections' runs).
    private var ownRuns: Set<String> = []
    private var plannedDrop: PlannedDrop?
    private(set) var markedConnected = false
    private(set) var markedFinished = false

    init(plan: ConnectionPlan, now: ContinuousClock.Instant) {
        self.plan = plan
        self.checker = StreamChecker(user: plan.user)
        self.runsLeft = plan.runs
        self.connectStarted = now
    }

    /// A new socket is being opened (the first, or after a drop).
    mutating func connecting(at now: ContinuousClock.Instant) {
        awaitingEstablished = true
        connectStarted = now
    }

    mutating func frame(
        _ text: String, receivedMicros: Int64, now: ContinuousClock.Instant, group: Peers, counters: LiveCounters
    ) -> [Action] {
        result.events += 1
        counters.bump(.events)
        let event: ObservedEvent
        do {
            event = try ObservedEvent.decode(text)
        } catch {
            checker.record(Violation(.malformedFrame, user: plan.user, "\(error): \(text.prefix(200))"))
            counters.bump(.problems)
            return []
        }
        // Delivery latency is about published events; connection-scoped replies
        // (connection_established, pong) would measure handshake bursts instead.
        var latency: Int64?
        if event.userID != nil, event.offset != nil || event.runID != nil, let sent = event.serverMicroseconds {
            let micros = max(0, receivedMicros - sent)
            latency = micros
            result.eventLatencyMicros.append(micros)
        }
        defer {
            if let latency, let runID = event.runID, !ownRuns.contains(runID) { result.peerEventLatencyMicros.append(latency) }
        }
        if event.offset != nil { result.offsetsSeen = true }
        countErrors(event)
        let violationsBefore = checker.report.counts.values.reduce(0, +)
        let outcome = checker.observe(event, frameHash: event.offset == nil ? text.hashValue : nil)
        counters.bump(.problems, by: checker.report.counts.values.reduce(0, +) - violationsBefore)
        var actions: [Action] = []
        if event.eventType == .connectionEstablished, awaitingEstablished {
            actions += established(now: now, group: group)
        }
        switch outcome {
        case .runStarted(let runID, let request):
            if let request, inFlight[request] != nil {
                acknowledged.insert(request)
                ownRuns.insert(runID)
            }
            if let request, request == plannedDrop?.request { plannedDrop?.runID = runID }
            if dropDue(runID) { return actions + [.drop] }
        case .runEvent(let runID):
            if dropDue(runID) { return actions + [.drop] }
        case .runFinished(let runID, let request, let terminal):
            if plannedDrop?.runID == runID { plannedDrop = nil }
            if let request { finishOwn(request, ending: ending(of: terminal), completed: isCompletion(terminal), now: now, counters: counters) }
        case .refused(let request, let code):
            if let request { finishOwn(request, ending: "refused:\(code)", completed: false, now: now, counters: counters) }
        case .other, .rejected:
            break
        }
        return actions + advance(now: now, group: group)
    }

    mutating func tick(now: ContinuousClock.Instant, group: Peers) -> [Action] {
        for (request, started) in inFlight where now - started > plan.runDeadline {
            inFlight[request] = nil
            checker.record(Violation(.deadlineExceeded, user: plan.user,
                "request \(request): no terminal event within \(plan.runDeadline)"))
        }
        return advance(now: now, group: group)
    }

    /// The server closed or lost the socket and the connection will reconnect (`--reconnect`):
    /// a start it never acknowledged went down with it — the server never had the run, so
    /// nothing will end it; the run is counted as ended that way. Acknowledged runs stay in
    /// flight: another instance ends them, and the resume brings their events.
    mutating func socketLost(reason: String) {
        result.errors["reconnected:\(reason)", default: 0] += 1
        for request in inFlight.keys where !acknowledged.contains(request) {
            inFlight[request] = nil
            result.endings["unacknowledged:socket_lost", default: 0] += 1
        }
    }

    /// The report of this connection, with runs still open counted as missing their terminal event.
    mutating func finish() -> ConnectionResult {
        result.report = checker.finish()
        return result
    }

    // MARK: - steps

    private mutating func established(now: ContinuousClock.Instant, group: Peers) -> [Action] {
        awaitingEstablished = false
        result.connectMicros.append(micros(now - connectStarted))
        if !markedConnected {
            markedConnected = true
            result.established = true
            group.user.markConnected()
            group.everyone.markConnected()
            return [.send(ClientFrames.ping(id: nextID(prefix: "hello")))]
        }
        result.reconnects += 1
        guard let since = checker.lastOffset else { return [] }
        return [.send(ClientFrames.resume(since: since, epoch: checker.epoch, id: nextID(prefix: "resume")))]
    }

    private mutating func advance(now: ContinuousClock.Instant, group: Peers) -> [Action] {
        guard !awaitingEstablished else { return [] }
        switch phase {
        case .waitingForPeers:
            guard group.user.allConnected, !plan.waitsForEveryone || group.everyone.allConnected else { return [] }
            phase = .running
            return advance(now: now, group: group)
        case .running:
            var actions: [Action] = []
            while canStart(now: now), inFlight.count < plan.concurrency {
                actions.append(.send(start(now: now)))
            }
            let idleUntilEnd = !plan.startsRuns && (now < plan.endOfTest || !group.active.allFinished)
            if !canStart(now: now), inFlight.isEmpty, !idleUntilEnd {
                markedFinished = true
                group.user.markFinished()
                if plan.startsRuns { group.active.markFinished() }
                phase = .draining(since: now)
                return actions + advance(now: now, group: group)
            }
            return actions
        case .draining(let since):
            // Every peer done and every run this socket saw finished, or a grace period for
            // terminal events still on their way.
            let settled = group.user.allFinished && checker.openRunCount == 0
            guard settled || now - since > min(plan.runDeadline, .seconds(10)) else { return [] }
            phase = .closing(since: now)
            return [.close]
        case .closing:
            return []
        }
    }

    private func canStart(now: ContinuousClock.Instant) -> Bool {
        plan.startsRuns && (runsLeft ?? 1) > 0 && now < plan.endOfTest
    }

    private mutating func start(now: ContinuousClock.Instant) -> String {
        let id = nextID(prefix: nil)
        inFlight[id] = now
        runsLeft = runsLeft.map { $0 - 1 }
        result.requested += 1
        if plan.resumeChaos > 0, plannedDrop == nil, Double.random(in: 0..<1) < plan.resumeChaos {
            plannedDrop = PlannedDrop(request: id, after: Int.random(in: 2...8))
        }
        return ClientFrames.startAgent(query: plan.query, id: id)
    }

    private mutating func nextID(prefix: String?) -> String {
        sequence += 1
        let id = StreamChecker.requestID(user: plan.user, connection: plan.index, sequence: sequence)
        return prefix.map { "\(id)-\($0)" } ?? id
    }

    private mutating func dropDue(_ runID: String) -> Bool {
        guard var drop = plannedDrop, drop.runID == runID else { return false }
        drop.seen += 1
        plannedDrop = drop.seen >= drop.after ? nil : drop
        return drop.seen >= drop.after
    }

    private mutating func finishOwn(
        _ request: String, ending: String, completed: Bool, now: ContinuousClock.Instant, counters: LiveCounters
    ) {
        guard let started = inFlight.removeValue(forKey: request) else { return }  // a peer's run, or one already late
        acknowledged.remove(request)
        result.runLatencyMicros.append(micros(now - started))
        result.endings[ending, default: 0] += 1
        if completed { result.completed += 1 }
        counters.bump(.runsFinished)
    }

    private func isCompletion(_ terminal: ObservedEvent) -> Bool { terminal.eventType == .agentCompleted }

    private func ending(of terminal: ObservedEvent) -> String {
        terminal.eventType == .agentError ? "agent_error:\(terminal.code ?? "?")" : terminal.type
    }

    private mutating func countErrors(_ event: ObservedEvent) {
        switch event.eventType {
        case .error: result.errors["error:\(event.code ?? "?")", default: 0] += 1
        case .agentError: result.errors["agent_error:\(event.code ?? "?")", default: 0] += 1
        case .toolError: result.errors["tool_error:\(event.code ?? "?")", default: 0] += 1
        default: break
        }
    }

    private func micros(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    }
}
