import Foundation
import SwitchboardCore
import Testing

@Suite("UserExecutionContext")
struct UserExecutionContextTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func root() throws -> UserExecutionContext {
        try UserExecutionContext(
            user: "alice", tier: .pro, thread: "t-1", run: "r-1", request: "q-1", createdAt: now,
            deadline: now.addingTimeInterval(300), traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    }

    @Test("placeholder and empty ids are refused, naming the field")
    func placeholders() {
        for (field, values) in [("user_id", ["", "null", "undefined"]), ("run_id", ["none", "placeholder"])] {
            for value in values {
                #expect(throws: ExecutionContextError.self) {
                    try UserExecutionContext(
                        user: field == "user_id" ? value : "alice", tier: .free, thread: "t", run: field == "run_id" ? value : "r",
                        request: "q", createdAt: Self.now, deadline: Self.now.addingTimeInterval(1))
                }
                do {
                    _ = try UserExecutionContext(
                        user: field == "user_id" ? value : "alice", tier: .free, thread: "t", run: field == "run_id" ? value : "r",
                        request: "q", createdAt: Self.now, deadline: Self.now.addingTimeInterval(1))
                } catch {
                    #expect("\(error)".hasPrefix(field))
                }
            }
        }
    }

    @Test("a child is one level deeper, keeps user, thread, run, deadline and trace, and names its parent")
    func child() throws {
        let root = try Self.root()
        let child = try root.child()
        #expect(child.depth == 1)
        #expect(child.parentRequestID == root.requestID)
        #expect(child.requestID != root.requestID)
        #expect((child.userID, child.threadID, child.runID, child.deadline) == (root.userID, root.threadID, root.runID, root.deadline))
        #expect(child.trace?.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        var deepest = child
        for _ in 2...UserExecutionContext.maxDepth { deepest = try deepest.child() }
        #expect(throws: ExecutionContextError.tooDeep(UserExecutionContext.maxDepth + 1)) { try deepest.child() }
    }

    @Test("a deadline not after creation, and malformed traceparents, are refused")
    func deadlinesAndTraces() throws {
        #expect(throws: ExecutionContextError.deadlineNotAfterCreation) {
            try UserExecutionContext(user: "a", tier: .free, thread: "t", run: "r", request: "q", createdAt: Self.now, deadline: Self.now)
        }
        #expect(W3CTraceContext(traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01") == nil)
        #expect(W3CTraceContext(traceparent: "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") == nil)
        #expect(W3CTraceContext(traceparent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01") == nil)
        let trace = try #require(W3CTraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(trace.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(try Self.root().remaining(at: Self.now.addingTimeInterval(100)) == 200)
    }
}
