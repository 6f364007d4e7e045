import NIOCore
import NIOWebSocket

/// Joins fragmented client messages and enforces the per-message byte limit without ever
/// holding more than that limit: an oversized message is skipped, not buffered.
struct MessageAssembler {
    enum Output: Equatable {
        /// Nothing complete yet.
        case pending
        case text(ByteBuffer)
        case binary
        case tooLarge
        /// A continuation without a start, or a new start inside a message.
        case protocolViolation
    }

    private enum State {
        case idle
        case collecting(opcode: WebSocketOpcode, buffer: ByteBuffer)
        case skipping(opcode: WebSocketOpcode)
    }

    let maxMessageBytes: Int
    private var state = State.idle

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    mutating func receive(_ frame: WebSocketFrame) -> Output {
        switch (state, frame.opcode) {
        case (.idle, .text), (.idle, .binary):
            if frame.length > maxMessageBytes {
                return finish(frame.fin, skipping: frame.opcode)
            }
            if frame.fin { return complete(opcode: frame.opcode, buffer: frame.unmaskedData) }
            state = .collecting(opcode: frame.opcode, buffer: frame.unmaskedData)
            return .pending
        case (.collecting(let opcode, var buffer), .continuation):
            if buffer.readableBytes + frame.length > maxMessageBytes {
                return finish(frame.fin, skipping: opcode)
            }
            var data = frame.unmaskedData
            buffer.writeBuffer(&data)
            if frame.fin { return complete(opcode: opcode, buffer: buffer) }
            state = .collecting(opcode: opcode, buffer: buffer)
            return .pending
        case (.skipping(let opcode), .continuation):
            return finish(frame.fin, skipping: opcode)
        default:
            state = .idle
            return .protocolViolation
        }
    }

    private mutating func finish(_ fin: Bool, skipping opcode: WebSocketOpcode) -> Output {
        state = fin ? .idle : .skipping(opcode: opcode)
        return fin ? .tooLarge : .pending
    }

    private mutating func complete(opcode: WebSocketOpcode, buffer: ByteBuffer) -> Output {
        state = .idle
        return opcode == .text ? .text(buffer) : .binary
    }
}
