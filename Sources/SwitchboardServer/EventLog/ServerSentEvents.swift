import NIOCore

/// The `text/event-stream` framing: `id: epoch:offset`, `event: <type>`, `data: <the event's
/// JSON envelope>` and a blank line; `:` lines are comments (heartbeats).
enum ServerSentEvents {
    static func event(id: String?, type: String, data: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let id { buffer.writeString("id: \(id)\n") }
        buffer.writeString("event: \(type)\ndata: ")
        var data = data
        buffer.writeBuffer(&data)
        buffer.writeString("\n\n")
        return buffer
    }

    static func event(type: String, json: String) -> ByteBuffer {
        event(id: nil, type: type, data: ByteBuffer(string: json))
    }

    static let heartbeat = ByteBuffer(string: ": heartbeat\n\n")
}
