public import Foundation

/// The scope of an analytics question: one user's usage over whole UTC days, of some models
/// only when `models` is not empty (matched without regard to case). Whole days let the SQL
/// stores answer from their daily rollups and every store answer the same thing.
///
/// ```swift
/// let window = UsageWindow(user: "alice", days: 30, endingAt: Date())   // the 30 UTC days up to today
/// window.firstDay   // "2026-11-05"
/// ```
public struct UsageWindow: Sendable, Hashable {
    public var user: String
    /// The first and last UTC day included, `yyyy-mm-dd`.
    public var firstDay: String
    public var lastDay: String
    /// Lowercased model names; empty for every model.
    public var models: [String]
    /// The number of days the window spans.
    public var days: Int
    /// The start of ``firstDay`` and the start of the day after ``lastDay``.
    public var start: Date
    public var end: Date

    /// The `days` UTC days ending with the day `end` falls in.
    public init(user: String, days: Int, endingAt end: Date, models: [String] = []) {
        let days = max(days, 1)
        let lastStart = (end.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        self.user = user
        self.days = days
        self.start = Date(timeIntervalSince1970: lastStart - Double(days - 1) * 86_400)
        self.end = Date(timeIntervalSince1970: lastStart + 86_400)
        self.firstDay = UsageDay.key(start)
        self.lastDay = UsageDay.key(Date(timeIntervalSince1970: lastStart))
        self.models = Array(Set(models.map { $0.lowercased() })).sorted()
    }

    /// Whether an event of this user falls in the window (the in-process analyses' filter).
    public func contains(_ event: UsageEvent) -> Bool {
        event.userID == user && event.timestamp >= start && event.timestamp < end
            && (models.isEmpty || models.contains(event.model.lowercased()))
    }

    /// The same window over every model.
    public var allModels: UsageWindow {
        var copy = self
        copy.models = []
        return copy
    }
}
