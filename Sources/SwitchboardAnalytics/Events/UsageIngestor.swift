public import Foundation
public import SwitchboardProtocol

/// The one ingestion path (the REST endpoint and `switchboard demo-data` both use it): split the
/// body into records, validate each against the clock and the supply catalog, store the valid
/// ones for the owner, and report what happened to every record.
///
/// ```swift
/// let ingestor = UsageIngestor(store: store)
/// let result = try await ingestor.ingest(body, owner: "alice")   // {accepted, duplicates, rejected}
/// ```
public struct UsageIngestor: Sendable {
    public let store: any AnalyticsStore
    let now: @Sendable () -> Date

    public init(store: any AnalyticsStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    public func ingest(_ body: Data, owner: String) async throws(AnalyticsError) -> IngestionResult {
        try await ingest(fields: try UsageBatchParser.fields(in: body), owner: owner)
    }

    /// - Parameter records: nil stands for a record that was not valid JSON.
    public func ingest(records: [JSONValue?], owner: String) async throws(AnalyticsError) -> IngestionResult {
        try await ingest(fields: records.map { $0.map(UsageRecordFields.init) }, owner: owner)
    }

    /// - Parameter fields: nil stands for a record that was not valid JSON.
    public func ingest(fields records: [UsageRecordFields?], owner: String) async throws(AnalyticsError) -> IngestionResult {
        guard records.count <= UsageBatchParser.maxRecords else {
            throw .tooManyRecords(limit: UsageBatchParser.maxRecords)
        }
        let parser = UsageRecordParser(catalog: try await store.catalog(), now: now())
        var events: [UsageEvent] = []
        var rejected: [IngestionResult.RejectedRecord] = []
        for (index, record) in records.enumerated() {
            guard let record else {
                rejected.append(.init(index: index, reason: "not valid JSON"))
                continue
            }
            switch parser.parse(record, owner: owner) {
            case .success(let event): events.append(event)
            case .failure(let rejection): rejected.append(.init(index: index, reason: rejection.reason))
            }
        }
        let outcome = events.isEmpty ? InsertOutcome(accepted: 0, duplicates: 0) : try await store.insert(events)
        return IngestionResult(accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: rejected)
    }
}

/// The answer to one ingestion request.
public struct IngestionResult: Sendable, Hashable, Codable {
    /// A record that was not stored, by its position in the request (0-based).
    public struct RejectedRecord: Sendable, Hashable, Codable {
        public var index: Int
        public var reason: String

        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    public var accepted: Int
    public var duplicates: Int
    public var rejected: [RejectedRecord]

    public init(accepted: Int, duplicates: Int, rejected: [RejectedRecord]) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}
