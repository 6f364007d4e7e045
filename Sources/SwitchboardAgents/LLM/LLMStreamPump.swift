import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Reads a server-sent-event body into ``LLMDelta``s on one task per stream: bytes are parsed
/// where they arrive and only text crosses to the consumer, one hand-off per delta. Ending the
/// consumer's iteration cancels the task, which drops the body and so closes the upstream
/// request.
enum LLMStreamPump {
    /// What a protocol makes of one event: text to pass on, the end of the answer, or nothing.
    enum Step: Sendable {
        case text(String)
        case skip
        case finished(LLMUsage?, truncated: Bool)
    }

    static func stream(
        transport: LLMHTTPTransport, path: String, headers: HTTPHeaders, body: Data,
        interpret: @escaping @Sendable (inout StreamState, ServerSentEventParser.Event) throws -> Step
    ) -> AsyncThrowingStream<LLMDelta, any Error> {
        let provider = transport.endpoint.name
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await transport.post(path, headers: headers, body: body)
                    var parser = ServerSentEventParser()
                    var state = StreamState()
                    var ended = false
                    do {
                        reading: for try await chunk in response.body {
                            let events: [ServerSentEventParser.Event]
                            do {
                                events = try parser.feed(chunk.readableBytesView)
                            } catch {
                                throw LLMError(.malformed, provider: provider, message: "the event stream has a line longer than 1 MiB")
                            }
                            for event in events {
                                switch try interpret(&state, event) {
                                case .text(let text): continuation.yield(LLMDelta(text: text, provider: provider))
                                case .skip: continue
                                case .finished(let usage, let truncated):
                                    continuation.yield(LLMDelta(
                                        text: "", provider: provider, usage: usage ?? state.usage, truncated: truncated))
                                    ended = true
                                    break reading
                                }
                            }
                        }
                    } catch {
                        throw transport.map(error)
                    }
                    guard ended else {
                        throw LLMError(.malformed, provider: provider, message: "the event stream ended before the answer did")
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// What a protocol remembers between events of one answer.
    struct StreamState: Sendable {
        var usage: LLMUsage?
        var truncated = false
    }
}
