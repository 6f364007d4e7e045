import Foundation
public import Hummingbird
import Logging
import SwitchboardCore

/// Turns every error a handler throws into `{"error": {"code", "message", "field"?}}` with
/// the right status. Unexpected errors answer 500 without details and are logged.
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ValidationFailure {
            return try ErrorResponse(code: error.code, message: error.message, field: error.field)
                .response(status: .init(code: error.httpStatus), context: context, request: request)
        } catch let error as any SwitchboardError {
            if error.httpStatus >= 500 {
                context.logger.error("request failed", metadata: ["code": "\(error.code)", "error": "\(error)"])
            }
            var response = try ErrorResponse(error).response(
                status: .init(code: error.httpStatus), context: context, request: request)
            if let seconds = (error as? any RetryableError)?.retryAfterSeconds {
                response.headers[.retryAfter] = String(seconds)
            }
            return response
        } catch let error as any HTTPResponseError {
            let status = error.status
            let code = status.reasonPhrase.uppercased().replacingOccurrences(of: " ", with: "_")
            return try ErrorResponse(code: code, message: status.reasonPhrase.lowercased())
                .response(status: status, context: context, request: request)
        } catch {
            context.logger.error("request failed unexpectedly", metadata: ["error": "\(error)"])
            return try ErrorResponse(code: "INTERNAL_ERROR", message: "an internal error occurred")
                .response(status: .internalServerError, context: context, request: request)
        }
    }
}
