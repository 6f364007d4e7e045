import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardProtocol

/// Any OpenAI-compatible chat endpoint (`POST {base}/v1/chat/completions`: OpenAI, llama.cpp's
/// server, vLLM, …): whole answers, `stream: true` SSE chunks up to `[DONE]` with
/// `stream_options.include_usage`, and `response_format: json_schema` for structured output.
/// `finish_reason: length` is ``LLMError/Code/truncated``, not an answer.
///
/// ```swift
/// let model = OpenAICompatibleProvider(endpoint: LLMEndpoint(name: "primary", baseURL: "http://127.0.0.1:8081", model: "smollm2"))
/// let answer = try await model.complete(LLMRequest(purpose: "demo", instructions: "Be brief.", template: "Hello."))
/// ```
public final class OpenAICompatibleProvider: LLMProvider {
    public var name: String { endpoint.name }
    public let endpoint: LLMEndpoint
    let transport: LLMHTTPTransport

    public init(endpoint: LLMEndpoint, retry: LLMRetryPolicy = LLMRetryPolicy()) {
        self.endpoint = endpoint
        transport = LLMHTTPTransport(endpoint: endpoint, retry: retry)
    }

    public func shutdown() async { await transport.shutdown() }

    public func complete(_ request: LLMRequest) async throws -> LLMResponse {
        let response = try await transport.post(Self.path, headers: headers, body: try body(request, stream: false))
        let data = Data(try await transport.collect(response).readableBytesView)
        guard let answer = try? JSONDecoder().decode(Completion.self, from: data), let choice = answer.choices.first else {
            throw LLMError(.malformed, provider: name, message: "the answer is not a chat completion")
        }
        if choice.finishReason == "length" {
            throw LLMError(.truncated, provider: name, message: "the answer reached max_tokens (\(request.maxTokens))")
        }
        let text = choice.message.content ?? ""
        let structured = try LLMPrompt.structuredAnswer(text, for: request, provider: name)
        return LLMResponse(
            text: text, structured: structured, inputTokens: answer.usage?.promptTokens ?? 0,
            outputTokens: answer.usage?.completionTokens ?? 0, provider: name, model: endpoint.model)
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
            if event.data == "[DONE]" { return .finished(state.usage, truncated: state.truncated) }
            guard let chunk = try? decoder.decode(Chunk.self, from: Data(event.data.utf8)) else {
                throw LLMError(.malformed, provider: provider, message: "an event of the stream is not a chat.completion.chunk")
            }
            if let usage = chunk.usage {
                state.usage = LLMUsage(inputTokens: usage.promptTokens ?? 0, outputTokens: usage.completionTokens ?? 0)
            }
            guard let choice = chunk.choices.first else { return .skip }
            if choice.finishReason == "length" { state.truncated = true }
            guard let text = choice.delta.content, !text.isEmpty else { return .skip }
            return .text(text)
        }
    }

    static let path = "/v1/chat/completions"

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders([("accept", "application/json, text/event-stream")])
        if let key = endpoint.apiKey { headers.add(name: "authorization", value: "Bearer \(key)") }
        return headers
    }

    private func body(_ request: LLMRequest, stream: Bool) throws -> Data {
        let prompt = LLMPrompt(request)
        var messages: [JSONValue] = [["role": "system", "content": .string(prompt.system)]]
        messages += prompt.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }
        var body: [String: JSONValue] = [
            "model": .string(endpoint.model), "messages": .array(messages),
            "max_tokens": .number(Double(request.maxTokens)), "temperature": .number(request.temperature),
        ]
        if stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        if case .json(let schemaName, let schema) = request.output {
            body["response_format"] = [
                "type": "json_schema", "json_schema": ["name": .string(schemaName), "schema": schema, "strict": true],
            ]
        }
        return try JSONEncoder().encode(JSONValue.object(body))
    }

    private struct Usage: Decodable {
        let promptTokens: Int?
        let completionTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message
            let finishReason: String?
            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }
        let choices: [Choice]
        let usage: Usage?
    }

    private struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { let content: String? }
            let delta: Delta
            let finishReason: String?
            enum CodingKeys: String, CodingKey {
                case delta
                case finishReason = "finish_reason"
            }
        }
        let choices: [Choice]
        let usage: Usage?
    }
}
