import Foundation
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

struct Filler: Codable, Sendable {
    var sequence: Int
    var text: String
}

@Suite("A consumer that does not read is closed with 4008 and its memory stays bounded")
struct SlowConsumerTests {
    @Test("flooding a client that never reads closes it with 4008; the queue never exceeds its bound")
    func neverReadingClientIsClosed() async throws {
        try await TestServer.with(configure: { $0.webSocket.slowConsumerCloseGraceSeconds = 30 }) { server in
            let slow = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "slow"))
            #expect(try await slow.nextEvent().eventType == .connectionEstablished)
            let healthy = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "healthy"))
            #expect(try await healthy.nextEvent().eventType == .connectionEstablished)
            try await slow.pauseReading()

            let statistics = server.server.hub.statistics
            let emitter = server.server.emitterFactory.makeEmitter(for: EmitterScope(userID: "slow"))
            let text = String(repeating: "z", count: 4000)
            let residentBefore = ResidentMemory.currentKiB()
            // 40 MB offered: far beyond kernel socket buffers plus the 1 MiB queue.
            var offered = 0
            while statistics.snapshot.slowConsumerCloses == 0, offered < 10_000 {
                try emitter.emit(.partialResult, payload: Filler(sequence: offered, text: text))
                offered += 1
            }
            #expect(statistics.snapshot.slowConsumerCloses == 1)
            // Events after the verdict are refused, not buffered.
            for sequence in 0..<200 {
                try emitter.emit(.partialResult, payload: Filler(sequence: sequence, text: text))
                #expect(statistics.snapshot.queuedBytes == 0)
            }
            #expect(statistics.snapshot.droppedAfterClose >= 200)
            #expect(statistics.snapshot.peakQueuedBytesPerConnection <= server.configuration.webSocket.outboundQueueBytes)
            #expect(await server.eventually { statistics.snapshot.queuedBytes == 0 })
            let growthKiB = ResidentMemory.currentKiB() - residentBefore
            #expect(growthKiB < 64 * 1024, "resident memory grew by \(growthKiB) KiB")

            // The other user never noticed.
            try await healthy.send(type: "ping", id: "fine")
            #expect(try await healthy.nextEvent().id == "fine")

            try await slow.resumeReading()
            let result = try await slow.readUntilClose(timeout: .seconds(20))
            #expect(result.code == 4008)
            #expect(result.reason == "slow consumer")
            #expect(result.events.count < offered)
            #expect(await server.eventually { server.server.hub.connections(of: "slow").isEmpty })
            await healthy.close()
        }
    }
}

enum ResidentMemory {
    static func currentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }
}
