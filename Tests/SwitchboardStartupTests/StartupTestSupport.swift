import Foundation
import Logging
import Synchronization
import SwitchboardObservability
import SwitchboardStartup

/// A logger whose JSON lines are kept, and the startup timing the tests inject: a manual clock
/// that each sleep advances, so retries and backoffs happen at once and are recorded.
struct StartupHarness: Sendable {
    let logs = MemoryLogWriter()
    let clock = ManualClock()

    var logger: Logger {
        let logs = self.logs
        return Logger(label: "startup.test") { label in JSONLogHandler(label: label, writer: logs, level: .debug) }
    }

    var timing: StartupTiming {
        let clock = self.clock
        return StartupTiming(
            now: { clock.now },
            sleep: { duration in
                try Task.checkCancellation()
                clock.advance(by: duration)
            },
            jitter: { 0.5 })
    }

    func runner(_ nodes: [StartupNode]) throws -> StartupRunner {
        StartupRunner(graph: try StartupGraph(nodes), timing: timing, recoveryInterval: .seconds(1), logger: logger)
    }

    /// Log lines (JSON objects) with this message.
    func lines(_ message: String) -> [[String: Any]] {
        logs.lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["msg"] as? String == message
            else { return nil }
            return object
        }
    }
}

/// Time that moves only when a sleep asks it to.
final class ManualClock: Sendable {
    private let elapsed = Mutex<Duration>(.zero)
    private let sleeps = Mutex<[Duration]>([])

    var now: Duration { elapsed.withLock { $0 } }
    var recordedSleeps: [Duration] { sleeps.withLock { $0 } }

    func advance(by duration: Duration) {
        sleeps.withLock { $0.append(duration) }
        elapsed.withLock { $0 += duration }
    }
}

/// Thread-safe append-only record of what happened, in order.
final class EventRecord: Sendable {
    private let events = Mutex<[String]>([])

    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// Lets two concurrent starts wait for each other: if the runner ran them one after the other,
/// the first would wait forever (the test's time limit then fails it).
final class Rendezvous: Sendable {
    private let state = Mutex<(arrived: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    let parties: Int

    init(parties: Int) { self.parties = parties }

    func arriveAndWait() async {
        await withCheckedContinuation { continuation in
            let release = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.arrived += 1
                state.waiters.append(continuation)
                if state.arrived == parties {
                    defer { state.waiters = [] }
                    return state.waiters
                }
                return []
            }
            for waiter in release { waiter.resume() }
        }
    }
}

/// An error a failing node throws.
struct Refused: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
