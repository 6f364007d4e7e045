import Foundation
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Synchronization
import Testing

struct ProgressPayload: Codable, Equatable {
    var percent: Int
    var message: String
}

/// 2026-11-29T18:30:00.123456Z
let emitterInstant = Date(timeIntervalSince1970: 1_795_977_000.123456)

func envelope(of event: OutboundEvent) throws -> ServerEnvelope {
    try JSONDecoder().decode(ServerEnvelope.self, from: Data(event.frame.readableBytesView))
}

@Suite("UserEventEmitter and EventEmitterFactory")
struct UserEventEmitterTests {
    let hub = makeHub()
    var factory: EventEmitterFactory { EventEmitterFactory(hub: hub, clock: { emitterInstant }) }

    @Test("the frame carries the scope's user, thread, run and request ids and the reply id")
    func stampsEveryID() throws {
        let alice = RecordingConnection(user: user("alice"))
        hub.register(alice)
        let scope = EmitterScope(
            userID: user("alice"), threadID: try ThreadID(validating: "thread-1"), runID: try RunID(validating: "run-2"),
            requestID: try RequestID(validating: "req-3"))
        let emitter = factory.makeEmitter(for: scope)
        #expect(emitter.scope == scope)
        let reached = try emitter.emit(.progressUpdate, payload: ProgressPayload(percent: 40, message: "data \"ready\""), replyTo: "c-9")
        #expect(reached == 1)

        let event = try #require(alice.delivered.first)
        #expect(event.userID == user("alice"))
        #expect(event.type == .progressUpdate)
        let decoded = try envelope(of: event)
        #expect(decoded.type == "progress_update")
        #expect(decoded.ts == "2026-11-29T18:30:00.123456Z")
        #expect(decoded.userID == "alice")
        #expect(decoded.threadID == "thread-1")
        #expect(decoded.runID == "run-2")
        #expect(decoded.requestID == "req-3")
        #expect(decoded.id == "c-9")
        #expect(decoded.offset == nil)
        #expect(decoded.payload == ["percent": 40, "message": "data \"ready\""])
        let payload = try JSONDecoder().decode(ProgressPayload.self, from: JSONEncoder().encode(decoded.payload))
        #expect(payload == ProgressPayload(percent: 40, message: "data \"ready\""))
    }

    @Test("ids the scope does not have are absent from the frame")
    func optionalIDsOmitted() throws {
        let event = try factory.makeEmitter(for: EmitterScope(userID: user("bob")))
            .makeEvent(.agentThinking, payload: ["thought": "hmm"])
        let decoded = try envelope(of: event)
        #expect(decoded.userID == "bob")
        #expect(decoded.threadID == nil)
        #expect(decoded.runID == nil)
        #expect(decoded.requestID == nil)
        #expect(decoded.id == nil)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(event.frame.readableBytesView)) as? [String: Any]).keys
        #expect(Set(keys) == ["type", "ts", "user_id", "payload"])
    }

    @Test("an emitter reaches only its own user's connections")
    func cannotReachAnotherUser() throws {
        let alice = (0..<2).map { _ in RecordingConnection(user: user("alice")) }
        let bob = RecordingConnection(user: user("bob"))
        for connection in alice + [bob] { hub.register(connection) }
        let aliceEmitter = factory.makeEmitter(for: EmitterScope(userID: user("alice"), runID: .generate()))
        let bobEmitter = factory.makeEmitter(for: EmitterScope(userID: user("bob"), runID: .generate()))

        #expect(try aliceEmitter.emit(.agentStarted, payload: ["agent": "triage"]) == 2)
        #expect(try aliceEmitter.emit(.agentCompleted, payload: ["agent": "triage"]) == 2)
        #expect(try bobEmitter.emit(.agentError, payload: ["code": "x"]) == 1)

        for connection in alice {
            #expect(connection.delivered.map(\.type) == [.agentStarted, .agentCompleted])
            #expect(try connection.delivered.allSatisfy { try envelope(of: $0).userID == "alice" })
        }
        #expect(bob.delivered.map(\.type) == [.agentError])
        #expect(try envelope(of: bob.delivered[0]).userID == "bob")
        #expect(try envelope(of: bob.delivered[0]).runID == bobEmitter.scope.runID?.rawValue)
    }

    @Test("an emitter for a user with no connections reaches nobody")
    func noConnections() throws {
        let bystander = RecordingConnection(user: user("bob"))
        hub.register(bystander)
        #expect(try factory.makeEmitter(for: EmitterScope(userID: user("ghost"))).emit(.pong, payload: [String: String]()) == 0)
        #expect(bystander.delivered.isEmpty)
    }

    @Test("makeEvent builds the event without publishing it")
    func makeEventDoesNotPublish() throws {
        let alice = RecordingConnection(user: user("alice"))
        hub.register(alice)
        let event = try factory.makeEmitter(for: EmitterScope(userID: user("alice"))).makeEvent(.pong, payload: ["a": 1])
        #expect(alice.delivered.isEmpty)
        #expect(event.byteCount == event.frame.readableBytes)
        #expect(try envelope(of: event).eventType == .pong)
    }

    @Test("a payload that cannot be encoded throws and delivers nothing")
    func encodingFailure() {
        let alice = RecordingConnection(user: user("alice"))
        hub.register(alice)
        let emitter = factory.makeEmitter(for: EmitterScope(userID: user("alice")))
        #expect(throws: EncodingError.self) { try emitter.emit(.progressUpdate, payload: ["ratio": Double.nan]) }
        #expect(alice.delivered.isEmpty)
    }

    @Test("the clock is read per event")
    func clockPerEvent() throws {
        let ticks = TickingClock(start: 0)
        let emitter = EventEmitterFactory(hub: hub, clock: { ticks.next() }).makeEmitter(for: EmitterScope(userID: user("a")))
        let first = try envelope(of: try emitter.makeEvent(.pong, payload: [String: String]()))
        let second = try envelope(of: try emitter.makeEvent(.pong, payload: [String: String]()))
        #expect(first.ts == "1970-01-01T00:00:00.000000Z")
        #expect(second.ts == "1970-01-01T00:00:01.000000Z")
    }

    @Test("one factory serves many users concurrently without mixing them")
    func concurrentEmitters() async throws {
        let users = (0..<50).map { user("em-\($0)") }
        let connections = users.map { RecordingConnection(user: $0) }
        for connection in connections { hub.register(connection) }
        let factory = self.factory
        try await withThrowingTaskGroup(of: Void.self) { group in
            for owner in users {
                group.addTask {
                    let emitter = factory.makeEmitter(for: EmitterScope(userID: owner, runID: .generate()))
                    for index in 0..<10 { try emitter.emit(.partialResult, payload: ["index": index]) }
                }
            }
            try await group.waitForAll()
        }
        for connection in connections {
            #expect(connection.delivered.count == 10)
            let runs = Set(try connection.delivered.map { try envelope(of: $0).runID })
            #expect(runs.count == 1)
            #expect(try connection.delivered.allSatisfy { try envelope(of: $0).userID == connection.userID.rawValue })
        }
    }
}

/// A clock that advances one second per reading.
final class TickingClock: Sendable {
    private let seconds: Atomic<Int>

    init(start: Int) { seconds = Atomic(start) }

    func next() -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds.wrappingAdd(1, ordering: .relaxed).oldValue))
    }
}
