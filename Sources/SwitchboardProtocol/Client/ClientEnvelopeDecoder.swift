import Foundation

/// Why a client frame could not become a ``ClientEnvelope``.
public enum ClientDecodingFailure: Error, Sendable, Hashable {
    /// Not JSON, not an object, no string `type`, or a payload of the wrong shape.
    case malformed(reason: String, id: String?)
    /// Well-formed, but a type this protocol does not define.
    case unknownType(String, id: String?)
}

/// Decodes client text frames. Accepts the v1 envelope `{"type", "payload", "id"?, "traceparent"?}` and the
/// legacy flat form `{"type", "id"?, …fields}` where the payload fields sit beside `type`.
///
/// ```swift
/// switch ClientEnvelopeDecoder().decode(Array(#"{"type":"ping"}"#.utf8)) {
/// case .success(let envelope): print(envelope.message.type)   // ping
/// case .failure(let failure): print(failure)
/// }
/// ```
public struct ClientEnvelopeDecoder: Sendable {
    public init() {}

    public func decode(_ bytes: some Collection<UInt8>) -> Result<ClientEnvelope, ClientDecodingFailure> {
        let data = Data(bytes)
        do {
            let decoded = try JSONDecoder().decode(DecodedEnvelope.self, from: data)
            return .success(decoded.envelope)
        } catch let failure as ClientDecodingFailure {
            return .failure(failure)
        } catch {
            return .failure(.malformed(reason: "expected a JSON object with a string \"type\"", id: nil))
        }
    }
}

private struct DecodedEnvelope: Decodable {
    let envelope: ClientEnvelope

    enum CodingKeys: String, CodingKey { case type, id, payload, traceparent }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rawType = try container.decode(String.self, forKey: .type)
        let id = try? container.decodeIfPresent(String.self, forKey: .id)
        let traceparent = try? container.decodeIfPresent(String.self, forKey: .traceparent)
        guard let type = ClientMessageType(rawValue: rawType) else {
            throw ClientDecodingFailure.unknownType(rawType, id: id)
        }
        let nested = container.contains(.payload) && !((try? container.decodeNil(forKey: .payload)) ?? true)
        let source = nested ? try container.superDecoder(forKey: .payload) : decoder
        do {
            envelope = ClientEnvelope(message: try Self.message(of: type, from: source), id: id, traceparent: traceparent)
        } catch let error as DecodingError {
            throw ClientDecodingFailure.malformed(reason: Self.describe(error, type: type), id: id)
        } catch {
            // Foundation reports some mismatches (1.5 for an Int) without a coding path.
            throw ClientDecodingFailure.malformed(reason: "\(type.rawValue) payload has a value of the wrong type", id: id)
        }
    }

    private static func message(of type: ClientMessageType, from source: any Decoder) throws -> ClientMessage {
        switch type {
        case .ping: .ping(try PingPayload(from: source))
        case .userMessage: .userMessage(try UserMessagePayload(from: source))
        case .startAgent: .startAgent(try StartAgentPayload(from: source))
        case .stopAgent: .stopAgent(try StopAgentPayload(from: source))
        case .createThread: .createThread(try CreateThreadPayload(from: source))
        case .switchThread: .switchThread(try SwitchThreadPayload(from: source))
        case .listThreads: .listThreads(try ListThreadsPayload(from: source))
        case .getThreadHistory: .getThreadHistory(try GetThreadHistoryPayload(from: source))
        case .resume: .resume(try ResumePayload(from: source))
        }
    }

    private static func describe(_ error: DecodingError, type: ClientMessageType) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).filter { $0 != "payload" }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _):
            return "\(type.rawValue) requires field \"\(key.stringValue)\""
        case .typeMismatch(let expected, let context), .valueNotFound(let expected, let context):
            return "\(type.rawValue) field \"\(path(context))\" must be \(expected)"
        case .dataCorrupted(let context):
            return "\(type.rawValue) field \"\(path(context))\" is invalid"
        @unknown default:
            return "invalid \(type.rawValue) payload"
        }
    }
}
