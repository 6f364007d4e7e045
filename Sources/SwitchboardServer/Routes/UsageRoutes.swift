public import Foundation
public import Hummingbird
import NIOCore
public import SwitchboardAnalytics
import SwitchboardCore

/// `/api/usage`: `POST events` ingests LLM call records for the caller (a JSON array or NDJSON;
/// at most 10,000 records and 10 MB, else 413), answering `{"accepted", "duplicates",
/// "rejected": [{"index", "reason"}]}` with 200 whenever the request itself was understood.
/// `GET summary?days=30` answers every analysis over the caller's last `days` (1…90) UTC days
/// (today included), computed in the analytics store.
public struct UsageRoutes: Sendable {
    let ingestor: UsageIngestor
    let now: @Sendable () -> Date

    public init(ingestor: UsageIngestor, now: @escaping @Sendable () -> Date) {
        self.ingestor = ingestor
        self.now = now
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post("usage/events") { request, context -> IngestionAnswer in
            let user = try context.requireUser()
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: UsageBatchParser.maxBytes)
            } catch is NIOTooManyBytesError {
                throw RequestBodyError.tooLarge(limit: UsageBatchParser.maxBytes)
            }
            return IngestionAnswer(result: try await ingestor.ingest(Data(body.readableBytesView), owner: user.userID.rawValue))
        }
        group.get("usage/summary") { request, context -> SummaryAnswer in
            let user = try context.requireUser()
            let days = try request.integerQuery("days") ?? 30
            guard (1...90).contains(days) else { throw ValidationFailure(field: "days", "must be within 1…90") }
            return SummaryAnswer(summary: try await UsageSummary(
                store: ingestor.store, window: UsageWindow(user: user.userID.rawValue, days: days, endingAt: now())))
        }
    }
}

/// The JSON answer of `POST /api/usage/events`.
struct IngestionAnswer: ResponseEncodable {
    var result: IngestionResult
    func encode(to encoder: any Encoder) throws { try result.encode(to: encoder) }
}

/// The JSON answer of `GET /api/usage/summary`.
struct SummaryAnswer: ResponseEncodable {
    var summary: UsageSummary
    func encode(to encoder: any Encoder) throws { try summary.encode(to: encoder) }
}
