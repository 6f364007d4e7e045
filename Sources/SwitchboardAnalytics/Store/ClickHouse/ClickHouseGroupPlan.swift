import Foundation

/// What planning a group of batches decided (``PipelinedGroupCommit``): which of its events
/// the insert stores, their `TabSeparated` rows, and what the insert adds that the next group,
/// planned while this insert runs, must count as stored.
struct ClickHouseGroupPlan: GroupPlan {
    /// One flag per event of the group, in order: stored by this insert?
    let stored: [Bool]
    /// The new events' rows, classification included; empty when none is new.
    let rows: Data
    let newIDs: Set<EventKey>
    /// Per user, per prompt hash: the first call once this insert is stored, where it changes.
    let firsts: [String: [String: PromptRepeats.First]]
}
