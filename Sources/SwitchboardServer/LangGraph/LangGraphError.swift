import Foundation
import Hummingbird
import Logging
import SwitchboardCore

/// A refusal of the LangGraph API with its status; answered `{"detail": message, "code": code}`.
struct LangGraphError: SwitchboardError, Hashable {
    var code: String
    var httpStatus: Int
    var message: String

    static func notFound(_ what: String) -> Self {
        Self(code: "NOT_FOUND", httpStatus: 404, message: "\(what) not found")
    }

    /// A field Switchboard cannot honour: refused rather than ignored.
    static func unsupported(_ field: String, _ why: String) -> Self {
        Self(code: "UNSUPPORTED_FIELD", httpStatus: 422, message: "\(field): \(why)")
    }

    static func invalid(_ field: String, _ why: String) -> Self {
        Self(code: "VALIDATION_FAILED", httpStatus: 422, message: "\(field): \(why)")
    }

    static func conflict(_ code: String, _ message: String) -> Self {
        Self(code: code, httpStatus: 409, message: message)
    }
}

/// The error shape the LangGraph SDK raises from: `{"detail": "...", "code": "..."}` with the
/// status (`NotFoundError` for 404, `ConflictError` for 409, `UnprocessableEntityError` for 422).
/// Switchboard's own codes ride along in `code`.
struct LangGraphErrorMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ValidationFailure {
            return try Self.answer(status: 422, code: error.code, detail: "\(error.field): \(error.message)", request, context)
        } catch let error as any SwitchboardError {
            if error.httpStatus >= 500 {
                context.logger.error("request failed", metadata: ["code": "\(error.code)", "error": "\(error)"])
            }
            return try Self.answer(status: error.httpStatus, code: error.code, detail: error.message, request, context)
        } catch let error as any HTTPResponseError {
            return try Self.answer(
                status: Int(error.status.code), code: "HTTP_\(error.status.code)", detail: error.status.reasonPhrase, request, context)
        } catch {
            context.logger.error("request failed unexpectedly", metadata: ["error": "\(error)"])
            return try Self.answer(status: 500, code: "INTERNAL_ERROR", detail: "an internal error occurred", request, context)
        }
    }

    static func answer(
        status: Int, code: String, detail: String, _ request: Request, _ context: Context
    ) throws -> Response {
        var response = try LangGraphErrorBody(detail: detail, code: code).response(from: request, context: context)
        response.status = HTTPResponse.Status(code: status)
        return response
    }
}

struct LangGraphErrorBody: ResponseEncodable, Sendable {
    var detail: String
    var code: String
}
