import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardProtocol

/// Anthropic's Messages API (`POST {base}/v1/messages`, headers `x-api-key` and
/// `anthropic-version`): whole answers, and streams of `message_start` (input usage),
/// `content_block_delta` / `text_delta`, `message_delta` (stop reason, output usage) and
/// `message_stop`. It has no structured-output mode: a JSON request asks for the object in the
/// prompt and takes the outermost `{…}` of the answer. `stop_reason: max_tokens` is
/// ``LLMError/Code/truncated``.
public final class AnthropicProvider: LLMProvider {
    public var name: String { endpoint.name }
    public let endpoint: LLMEndpoint
    let transport: LLMHTTPTransport

    static let path = "/v1/messages"
    static let apiVersion = "2023-06-01"

    public init(endpoint: LLMEndpoint, retry: LLMRetryPolicy = LLMRetryPolicy()) {
        self.endpoint = endpoint
        transport = LLMHTTPTransport(endpoint: endpoint, retry: retry)
    }

    public func shutdown() async { await transport.shutdown() }

    public func complete(_ request: LLMRequest) async throws -> LLMResponse {
        let response = try await transport.post(Self.path, headers: headers, body: try body(request, stream: false))
        let data = Data(try await transport.collect(response).readableBytesView)
        guard let answer = try? JSONDecoder().decode(Message.self, from: data) else {
            throw LLMError(.malformed, provider: name, message: "the answer is not a message")
        }
        if answer.stopReason == "max_tokens" {
            throw LLMError(.truncated, provider: name, message: "the answer reached max_tokens (\(request.maxTokens))")
        }
        let text = answer.content.compactMap(\.text).joined()
        let structured = try LLMPrompt.structuredAnswer(text, for: request, provider: name)
        return LLMResponse(
            text: text, structured: structured, inputTokens: answer.usage?.inputTokens ?? 0,
            outputTokens: answer.usage?.outputTokens ?? 0, provider: name, model: endpoint.model)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        let body: Data
        do {
            body = try self.body(request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        let provider = name
        // One decoder for the stream's events, not one per token's chunk.
        let decoder = JSONDecoder()
        return LLMStreamPump.stream(transport: transport, path: Self.path, headers: headers, body: body) { state, event in
            guard let payload = try? decoder.decode(StreamEvent.self, from: Data(event.data.utf8)) else {
                throw LLMError(.malformed, provider: provider, message: "an event of the stream is not JSON")
            }
            switch payload.type {
            case "message_start":
                let usage = payload.message?.usage
                state.usage = LLMUsage(inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0)
                return .skip
            case "content_block_delta":
                guard payload.delta?.type == "text_delta", let text = payload.delta?.text, !text.isEmpty else { return .skip }
                return .text(text)
            case "message_delta":
                if payload.delta?.stopReason == "max_tokens" { state.truncated = true }
                if let output = payload.usage?.outputTokens {
                    state.usage = LLMUsage(
                        inputTokens: payload.usage?.inputTokens ?? state.usage?.inputTokens ?? 0, outputTokens: output)
                }
                return .skip
            case "message_stop":
                return .finished(state.usage, truncated: state.truncated)
            case "error":
                throw LLMError(.unavailable, provider: provider, message: payload.error?.message ?? "the stream reported an error")
            default:
                return .skip  // ping, content_block_start/stop
            }
        }
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders([("anthropic-version", Self.apiVersion), ("accept", "application/json, text/event-stream")])
        if let key = endpoint.apiKey { headers.add(name: "x-api-key", value: key) }
        return headers
    }

    private func body(_ request: LLMRequest, stream: Bool) throws -> Data {
        let prompt = LLMPrompt(request)
        var body: [String: JSONValue] = [
            "model": .string(endpoint.model), "system": .string(prompt.system),
            "messages": .array(prompt.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
            "max_tokens": .number(Double(request.maxTokens)), "temperature": .number(request.temperature),
        ]
        if stream { body["stream"] = true }
        return try JSONEncoder().encode(JSONValue.object(body))
    }

    private struct Usage: Decodable {
        let inputTokens: Int?
        let outputTokens: Int?
        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }
    }

    private struct Message: Decodable {
        struct Block: Decodable { let text: String? }
        let content: [Block]
        let stopReason: String?
        let usage: Usage?
        enum CodingKeys: String, CodingKey {
            case content, usage
            case stopReason = "stop_reason"
        }
    }

    private struct StreamEvent: Decodable {
        struct Start: Decodable { let usage: Usage? }
        struct Delta: Decodable {
            let type: String?
            let text: String?
            let stopReason: String?
            enum CodingKeys: String, CodingKey {
                case type, text
                case stopReason = "stop_reason"
            }
        }
        struct Failure: Decodable { let message: String? }
        let type: String
        let message: Start?
        let delta: Delta?
        let usage: Usage?
        let error: Failure?
    }
}
