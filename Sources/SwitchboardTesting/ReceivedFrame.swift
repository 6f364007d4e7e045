import NIOConcurrencyHelpers
import NIOCore

/// What a ``TestWebSocketClient`` read from the server, in arrival order.
public enum ReceivedFrame: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping
    case pong
    case close(code: UInt16?, reason: String)
    /// The TCP connection ended.
    case disconnected
}

public enum TestClientError: Error, Equatable {
    case timedOut
    case unexpected(ReceivedFrame)
}

/// Frames waiting to be read by the test, with at most one waiter and a timeout per wait.
final class FrameInbox: Sendable {
    private struct State {
        var frames = CircularBuffer<ReceivedFrame>()
        var waiter: (id: Int, continuation: CheckedContinuation<ReceivedFrame, any Error>)?
        var nextWaiterID = 0
        var disconnected = false
    }

    private let state = NIOLockedValueBox(State())

    func push(_ frame: ReceivedFrame) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<ReceivedFrame, any Error>? in
            if state.disconnected { return nil }
            if frame == .disconnected { state.disconnected = true }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.frames.append(frame)
            return nil
        }
        waiter?.resume(returning: frame)
    }

    func next(timeout: Duration, eventLoop: any EventLoop) async throws -> ReceivedFrame {
        try await withCheckedThrowingContinuation { continuation in
            let immediate = state.withLockedValue { state -> ReceivedFrame? in
                if let frame = state.frames.popFirst() { return frame }
                if state.disconnected { return .disconnected }
                state.nextWaiterID += 1
                state.waiter = (state.nextWaiterID, continuation)
                let id = state.nextWaiterID
                let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
                eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { self.expire(waiterID: id) }
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    private func expire(waiterID: Int) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<ReceivedFrame, any Error>? in
            guard let waiter = state.waiter, waiter.id == waiterID else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(throwing: TestClientError.timedOut)
    }
}
