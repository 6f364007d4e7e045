import Foundation
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

/// Issue #15's two lanes on a real server, socket and SQLite log: a reader that falls far
/// behind gets a run's deltas joined, every lifecycle event, and no 4008.
@Suite("Two lanes per connection: lifecycle events kept, deltas coalesced")
struct CoalescingLaneTests {
    struct Marker: Codable, Sendable {
        var step: Int
    }

    static let steps = 100
    static let deltasPerStep = 100

    @Test("a reader that stopped reading: no 4008, every lifecycle event in order, the joined deltas equal the text; resume gives every piece")
    func stalledReader() async throws {
        try await TestServer.with(configure: {
            $0.webSocket.outboundQueueEvents = 2000
            $0.webSocket.coalesceAfterEvents = 16
        }) { server in
            let token = try await server.token(for: "lane")
            let reader = try await TestWebSocketClient.connect(port: server.port, token: token, receiveBufferBytes: 4096)
            _ = try await reader.nextEvent()
            // Its first message ends the wait for a resume; from then on logged events flow live.
            try await reader.send(type: "ping", id: "live")
            #expect(try await reader.nextEvent().id == "live")
            try await reader.pauseReading()

            let run = try RunID(validating: "run-lane")
            let emitter = server.server.emitterFactory.makeEmitter(for: EmitterScope(userID: "lane", runID: run))
            var text = ""
            // 10,000 deltas of ~180-byte frames: far past the small socket buffers and the 2,000-event bound.
            for step in 0..<Self.steps {
                try await emitter.publish(.agentThinking, payload: Marker(step: step), waitForCommit: false)
                for piece in 0..<Self.deltasPerStep {
                    let delta = "\(step).\(piece) "
                    text += delta
                    try await emitter.publish(
                        .partialResult, payload: PartialResultPayload(agentName: "reporting", delta: delta), waitForCommit: false)
                }
            }
            try await emitter.publish(.agentCompleted, payload: Marker(step: Self.steps), waitForCommit: true)
            let total = Self.steps * (Self.deltasPerStep + 1) + 1

            try await reader.resumeReading()
            var received: [ServerEnvelope] = []
            while received.last?.eventType != .agentCompleted { received.append(try await reader.nextEvent(timeout: .seconds(20))) }
            let statistics = server.server.hub.statistics.snapshot
            #expect(statistics.slowConsumerCloses == 0)
            #expect(statistics.coalesced > 0, "the reader never fell behind: the test did not reach the second lane")
            #expect(received.count < total)
            let markers = received.filter { $0.eventType == .agentThinking }.map { $0.payload["step"]?.numberValue ?? -1 }
            #expect(markers == (0..<Self.steps).map(Double.init))
            let joined = received.filter { $0.eventType == .partialResult }.compactMap { $0.payload["delta"]?.stringValue }.joined()
            #expect(joined == text)
            // Offsets: each event (or join) starts right after the one before.
            var last = received.first.map { ($0.coalescedFrom ?? $0.offset ?? 0) - 1 } ?? 0
            for event in received {
                #expect((event.coalescedFrom ?? event.offset) == last + 1, "offset \(event.offset ?? -1) after \(last)")
                last = event.offset ?? last
            }

            // The log kept every piece: a resume from before them replays them one by one.
            let other = try await TestWebSocketClient.connect(port: server.port, token: token)
            let established = try await other.nextEvent()
            let epoch = try #require(established.payload["epoch"]?.stringValue)
            let first = try #require(received.first?.coalescedFrom ?? received.first?.offset)
            try await other.send(type: "resume", payload: ["since": first - 1, "epoch": epoch])
            var replayed: [ServerEnvelope] = []
            while true {
                let event = try await other.nextEvent(timeout: .seconds(20))
                if event.eventType == .resumeComplete || event.eventType == .resumeUnavailable { break }
                replayed.append(event)
            }
            #expect(replayed.count == total)
            #expect(replayed.allSatisfy { $0.coalescedFrom == nil })
            #expect(replayed.filter { $0.eventType == .partialResult }.compactMap { $0.payload["delta"]?.stringValue }.joined() == text)
            await other.close()
            await reader.close()
        }
    }
}
