import Foundation
import NIOCore
public import Hummingbird
public import SwitchboardCore
public import SwitchboardProtocol

/// A request's JSON object, read strictly: bounded size (413), valid JSON object (400), only
/// known fields (422 naming the first unknown one), and typed accessors that answer 422 with
/// the field when a value has the wrong type.
public struct JSONBody: Sendable {
    public static let defaultLimit = 64 * 1024

    public let fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    public static func read(
        _ request: Request, context: some RequestContext, allowed: Set<String>, limit: Int = defaultLimit
    ) async throws -> JSONBody {
        try parse(try await collect(request, limit: limit), allowed: allowed)
    }

    /// Like ``read(_:context:allowed:limit:)``, but an empty body is an empty object.
    public static func readOptional(
        _ request: Request, context: some RequestContext, allowed: Set<String>, limit: Int = defaultLimit
    ) async throws -> JSONBody {
        let buffer = try await collect(request, limit: limit)
        guard buffer.readableBytes > 0 else { return JSONBody(fields: [:]) }
        return try parse(buffer, allowed: allowed)
    }

    private static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw RequestBodyError.tooLarge(limit: limit)
        }
    }

    private static func parse(_ buffer: ByteBuffer, allowed: Set<String>) throws -> JSONBody {
        guard buffer.readableBytes > 0,
            case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        else { throw RequestBodyError.malformedJSON }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ValidationFailure(field: unknown, "is not a known field")
        }
        return JSONBody(fields: fields)
    }

    public func has(_ field: String) -> Bool { fields[field] != nil }

    public func string(_ field: String) throws(ValidationFailure) -> String {
        guard let value = try optionalString(field) else { throw ValidationFailure(field: field, "is required") }
        return value
    }

    /// nil when absent or JSON null.
    public func optionalString(_ field: String) throws(ValidationFailure) -> String? {
        switch fields[field] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw ValidationFailure(field: field, "must be a string")
        }
    }

    public func optionalObject(_ field: String) throws(ValidationFailure) -> JSONValue? {
        switch fields[field] {
        case nil, .null?: return nil
        case .object(let value)?: return .object(value)
        default: throw ValidationFailure(field: field, "must be an object")
        }
    }
}

extension Request {
    /// An integer query parameter; 422 naming it when present but not an integer.
    public func integerQuery(_ name: String) throws(ValidationFailure) -> Int? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text) else { throw ValidationFailure(field: name, "must be an integer") }
        return value
    }
}
