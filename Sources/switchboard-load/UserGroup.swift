import Synchronization

/// The connections of one user. Runs start only once all of them are open (each receives every
/// event of the user's runs, so a late one would see runs from the middle), and none closes
/// before all are done (a peer's run still going would look unfinished to it).
final class UserGroup: Sendable {
    let size: Int
    private let state = Mutex<(connected: Int, finished: Int)>((0, 0))

    init(size: Int) {
        self.size = size
    }

    func markConnected() { state.withLock { $0.connected += 1 } }
    func markFinished() { state.withLock { $0.finished += 1 } }

    /// A connection that failed counts as connected and finished, so its peers do not wait for it.
    func markGone(wasConnected: Bool, wasFinished: Bool) {
        state.withLock {
            if !wasConnected { $0.connected += 1 }
            if !wasFinished { $0.finished += 1 }
        }
    }

    var allConnected: Bool { state.withLock { $0.connected >= size } }
    var allFinished: Bool { state.withLock { $0.finished >= size } }
}

/// The groups a connection waits on: its user's connections; every connection of the load run
/// (`--runs-after-connect`); and the connections that start runs, which idle ones outlast so
/// that thousands of idle closes never compete with the last runs' events.
struct Peers: Sendable {
    let user: UserGroup
    let everyone: UserGroup
    let active: UserGroup

    func markGone(wasConnected: Bool, wasFinished: Bool, startsRuns: Bool) {
        user.markGone(wasConnected: wasConnected, wasFinished: wasFinished)
        if startsRuns { active.markGone(wasConnected: wasConnected, wasFinished: wasFinished) }
        // Nobody waits for every connection of the run to finish; only "connected" matters there.
        everyone.markGone(wasConnected: wasConnected, wasFinished: true)
    }
}
