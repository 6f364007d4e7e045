import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP half both wire protocols share: one POST of a JSON body to an endpoint, retried on
/// 429 / 5xx / lost connections with the endpoint's backoff (honouring `Retry-After`), and every
/// failure turned into an ``LLMError`` that names the provider, never its key. Its client has the
/// endpoint's connect and read timeouts, so a stalled stream ends with `LLM_TIMEOUT` without a
/// timer per chunk.
final class LLMHTTPTransport: Sendable {
    let endpoint: LLMEndpoint
    let client: HTTPClient
    let retry: LLMRetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Longest error body read to find the provider's message.
    static let maxErrorBodyBytes = 64 * 1024
    /// Longest whole (non-streamed) answer read.
    static let maxAnswerBytes = 4 * 1024 * 1024

    init(
        endpoint: LLMEndpoint, retry: LLMRetryPolicy,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.endpoint = endpoint
        self.retry = retry
        self.sleep = sleep
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .nanoseconds(Self.nanoseconds(endpoint.connectTimeout)),
            read: .nanoseconds(Self.nanoseconds(endpoint.readTimeout)))
        configuration.redirectConfiguration = .disallow
        // A refused connection fails the request at once (our retry policy and then the next
        // provider take over) instead of AHC retrying the connection until the connect timeout:
        // a dead provider must cost milliseconds, not seconds, before failover.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// Posts `body` to `path` (e.g. `/v1/chat/completions`) until a 2xx answer or a failure
    /// not worth retrying; answers the response with its body not yet read.
    /// A failure after retries carries when the first try failed (``LLMError/firstFailedAt``).
    func post(_ path: String, headers: HTTPHeaders, body: Data) async throws -> HTTPClientResponse {
        var attempt = 1
        var firstFailedAt: ContinuousClock.Instant?
        while true {
            do {
                return try await postOnce(path, headers: headers, body: body)
            } catch var error as LLMError {
                firstFailedAt = firstFailedAt ?? .now
                guard let wait = retry.delay(after: error, attempt: attempt) else {
                    error.firstFailedAt = firstFailedAt
                    throw error
                }
                try await sleep(wait)
                attempt += 1
            }
        }
    }

    private func postOnce(_ path: String, headers: HTTPHeaders, body: Data) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = .POST
        request.headers = headers
        request.headers.replaceOrAdd(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            // The deadline is the run's business (it cancels the task); silences are the read timeout's.
            response = try await client.execute(request, deadline: .distantFuture)
        } catch {
            throw map(error)
        }
        guard (200..<300).contains(response.status.code) else {
            let text = (try? await response.body.collect(upTo: Self.maxErrorBodyBytes)).map { String(buffer: $0) } ?? ""
            throw statusError(response, body: text)
        }
        return response
    }

    /// The whole body of a 2xx answer.
    func collect(_ response: HTTPClientResponse) async throws -> ByteBuffer {
        do {
            return try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch {
            throw map(error)
        }
    }

    /// A transport error as an ``LLMError``; cancellation stays cancellation.
    func map(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let error = error as? LLMError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .connectTimeout, .deadlineExceeded:
                return LLMError(.timeout, provider: endpoint.name, message: "no answer within the timeout (\(error.shortDescription))")
            case .cancelled:
                return CancellationError()
            default:
                return LLMError(.unavailable, provider: endpoint.name, message: "the connection failed (\(error.shortDescription))")
            }
        }
        if error is NIOTooManyBytesError {
            return LLMError(.malformed, provider: endpoint.name, message: "the answer was larger than \(Self.maxAnswerBytes) bytes")
        }
        return LLMError(.unavailable, provider: endpoint.name, message: "the connection failed")
    }

    private func statusError(_ response: HTTPClientResponse, body: String) -> LLMError {
        let status = Int(response.status.code)
        let message = Self.providerMessage(body) ?? response.status.reasonPhrase
        let retryAfter = response.headers.first(name: "retry-after").flatMap(Self.retryAfterSeconds)
        let code: LLMError.Code =
            switch status {
            case 401, 403: .unauthorized
            case 408: .timeout
            case 429: .rateLimited
            case 500...: .unavailable
            default: .rejected
            }
        return LLMError(code, provider: endpoint.name, status: status, message: message, retryAfterSeconds: retryAfter)
    }

    /// `{"error": {"message": …}}` (OpenAI, Anthropic, llama.cpp) or `{"error": "…"}`.
    static func providerMessage(_ body: String) -> String? {
        struct Nested: Decodable {
            struct Detail: Decodable { let message: String? }
            let error: Detail
        }
        struct Flat: Decodable { let error: String }
        let data = Data(body.utf8)
        let message = (try? JSONDecoder().decode(Nested.self, from: data))?.error.message
            ?? (try? JSONDecoder().decode(Flat.self, from: data))?.error
        return message.map { String($0.prefix(500)) }
    }

    /// `Retry-After` as seconds, or as an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}

extension HTTPClientError {
    /// The error's name without AHC's prefix, for messages.
    fileprivate var shortDescription: String { "\(self)".replacingOccurrences(of: "HTTPClientError.", with: "") }
}
