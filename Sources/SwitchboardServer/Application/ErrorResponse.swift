public import Hummingbird
public import SwitchboardCore

/// The JSON body of every error answer: `{"error": {"code", "message", "field"?}}`.
public struct ErrorResponse: ResponseEncodable, Sendable {
    public struct Body: Codable, Sendable {
        public var code: String
        public var message: String
        public var field: String?
    }

    public var error: Body

    public init(code: String, message: String, field: String? = nil) {
        self.error = Body(code: code, message: message, field: field)
    }

    public init(_ error: some SwitchboardError) {
        self.init(code: error.code, message: error.message)
    }

    /// Encodes this body with the given status.
    public func response(status: HTTPResponse.Status, context: some RequestContext, request: Request) throws -> Response {
        var response = try self.response(from: request, context: context)
        response.status = status
        return response
    }
}
