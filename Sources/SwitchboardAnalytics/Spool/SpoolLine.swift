import Foundation

/// One spooled batch as one JSON line: the events in the same row shape ClickHouse stores.
enum SpoolLine {
    static func encode(_ batch: [UsageEvent]) -> Data {
        (try? JSONEncoder().encode(batch.map { ClickHouseRow($0) })) ?? Data("[]".utf8)
    }

    /// nil for a line that is not a complete batch (cut short by a crash before its fsync).
    static func decode(_ line: Data) -> [UsageEvent]? {
        guard let rows = try? JSONDecoder().decode([ClickHouseRow].self, from: line), !rows.isEmpty else { return nil }
        return rows.map(\.event)
    }
}
