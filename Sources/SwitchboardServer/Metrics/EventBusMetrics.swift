import SwitchboardEvents
import SwitchboardObservability

/// The cross-instance side of the event log, where instances share PostgreSQL: what the relay
/// brought from the others and how often connections had to fill a gap themselves.
struct EventBusMetrics: Sendable {
    private let relayed: CounterMirror
    private let carried: CounterMirror
    private let announcements: CounterMirror
    private let rangesSkipped: CounterMirror
    private let resynchronizations: CounterMirror
    private let gapRepairs: CounterMirror
    private let gapRepairedEvents: CounterMirror

    init(metrics: SwitchboardMetrics) {
        relayed = metrics.mirror("event_bus_relayed", help: "Events other instances committed, delivered here.")
        carried = metrics.mirror(
            "event_bus_events_carried", help: "Of those, events the announcement carried (delivered without reading the log).")
        announcements = metrics.mirror("event_bus_announcements", help: "Other instances' commit announcements received.")
        rangesSkipped = metrics.mirror(
            "event_bus_ranges_skipped", help: "Announced ranges of users with no connection here (not read).")
        resynchronizations = metrics.mirror(
            "event_bus_resynchronizations", help: "Times announcements may have been lost (listener reconnected); every connection caught up.")
        gapRepairs = metrics.mirror("event_gap_repairs", help: "Reads of a connection's missing offsets from the log.")
        gapRepairedEvents = metrics.mirror("event_gap_repaired_events", help: "Events those reads found.")
    }

    func update(from log: EventLogStatistics.Snapshot) {
        relayed.update(to: log.relayed)
        carried.update(to: log.busEventsCarried)
        announcements.update(to: log.busAnnouncements)
        rangesSkipped.update(to: log.busRangesSkipped)
        resynchronizations.update(to: log.busResynchronizations)
        gapRepairs.update(to: log.gapRepairs)
        gapRepairedEvents.update(to: log.gapRepairedEvents)
    }
}
