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
