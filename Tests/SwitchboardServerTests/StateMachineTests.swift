import NIOCore
import NIOWebSocket
import SwitchboardCore
import Testing

@testable import SwitchboardServer

@Suite("Connection state machines, with time passed in")
struct StateMachineTests {
    static let second: UInt64 = 1_000_000_000

    @Test("heartbeat: ping at the interval, close when the pong is late, idle close after silence")
    func heartbeat() {
        var machine = HeartbeatStateMachine(now: 0, intervalSeconds: 25, pongTimeoutSeconds: 5, idleTimeoutSeconds: 300)
        #expect(machine.nextDeadline == 25 * Self.second)
        #expect(machine.tick(now: 24 * Self.second) == .none)
        #expect(machine.tick(now: 25 * Self.second) == .sendPing)
        #expect(machine.nextDeadline == 30 * Self.second)
        #expect(machine.tick(now: 29 * Self.second) == .none)
        machine.pongReceived(now: 29 * Self.second)
        #expect(machine.nextDeadline == 50 * Self.second)
        #expect(machine.tick(now: 50 * Self.second) == .sendPing)
        #expect(machine.tick(now: 55 * Self.second) == .close(reason: "heartbeat timeout"))
    }

    @Test("heartbeat: client messages postpone the idle timeout, pongs do not")
    func idle() {
        var machine = HeartbeatStateMachine(now: 0, intervalSeconds: 25, pongTimeoutSeconds: 5, idleTimeoutSeconds: 60)
        var now: UInt64 = 0
        while now < 59 * Self.second {
            now += Self.second
            if machine.tick(now: now) == .sendPing { machine.pongReceived(now: now) }
        }
        machine.clientMessageReceived(now: now)
        #expect(machine.tick(now: now + 59 * Self.second) != .close(reason: "idle timeout"))
        machine.pongReceived(now: now + 59 * Self.second)
        #expect(machine.tick(now: now + 60 * Self.second) == .close(reason: "idle timeout"))
    }

    @Test("connection sweeper: wakes at a quarter of the shortest timer, between 10 ms and 250 ms")
    func sweeperPeriod() {
        func period(heartbeat: Double = 25, pong: Double = 5, idle: Double = 300, window: Double = 1) -> TimeAmount {
            var settings = WebSocketSettings()
            settings.heartbeatIntervalSeconds = heartbeat
            settings.pongTimeoutSeconds = pong
            settings.idleTimeoutSeconds = idle
            settings.resumeWindowSeconds = window
            return ConnectionSweepers(settings: settings).period
        }
        #expect(period() == .milliseconds(250))
        #expect(period(idle: 0.3) == .milliseconds(75))
        #expect(period(pong: 0.2, window: 2) == .milliseconds(50))
        #expect(period(window: 0.4) == .milliseconds(100))
        #expect(period(idle: 0.001) == .milliseconds(10))
    }

    @Test("rate limiter: a burst of the limit, then one message per refill interval")
    func rateLimiter() {
        var limiter = MessageRateLimiter(perMinute: 30, now: 0)
        for _ in 0..<30 { #expect(limiter.admit(now: 0) == .allowed) }
        #expect(limiter.admit(now: 0) == .limited(retryAfterMilliseconds: 2000))
        #expect(limiter.admit(now: 1 * Self.second) == .limited(retryAfterMilliseconds: 1000))
        #expect(limiter.admit(now: 2 * Self.second) == .allowed)
        #expect(limiter.admit(now: 2 * Self.second) != .allowed)
        // A long pause refills to the burst size, not beyond.
        for _ in 0..<30 { #expect(limiter.admit(now: 3600 * Self.second) == .allowed) }
        #expect(limiter.admit(now: 3600 * Self.second) != .allowed)
    }

    static func frame(_ opcode: WebSocketOpcode, _ text: String, fin: Bool = true) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, data: ByteBuffer(string: text))
    }

    @Test("assembler: joins fragments, refuses oversize without buffering it, flags stray continuations")
    func assembler() {
        var assembler = MessageAssembler(maxMessageBytes: 10)
        #expect(assembler.receive(Self.frame(.text, "hello")) == .text(ByteBuffer(string: "hello")))
        #expect(assembler.receive(Self.frame(.text, "abc", fin: false)) == .pending)
        #expect(assembler.receive(Self.frame(.continuation, "def", fin: false)) == .pending)
        #expect(assembler.receive(Self.frame(.continuation, "g")) == .text(ByteBuffer(string: "abcdefg")))
        #expect(assembler.receive(Self.frame(.text, "0123456789A")) == .tooLarge)
        #expect(assembler.receive(Self.frame(.text, "012345", fin: false)) == .pending)
        #expect(assembler.receive(Self.frame(.continuation, "6789AB", fin: false)) == .pending)
        #expect(assembler.receive(Self.frame(.continuation, "more")) == .tooLarge)
        #expect(assembler.receive(Self.frame(.binary, "\u{0}")) == .binary)
        #expect(assembler.receive(Self.frame(.continuation, "stray")) == .protocolViolation)
        #expect(assembler.receive(Self.frame(.text, "ok")) == .text(ByteBuffer(string: "ok")))
    }
}
