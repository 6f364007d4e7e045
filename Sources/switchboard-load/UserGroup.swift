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
