import Logging
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Synchronization

/// Test double for the transport side only: records what the hub hands it. The hub is the
/// unit under test; a real connection would write these to a socket.
final class RecordingConnection: EventConnection {
    struct Close: Sendable, Equatable {
        var code: CloseCode
        var reason: String
    }

    let connectionID: ConnectionID
    let userID: UserID
    private let state = Mutex<(delivered: [OutboundEvent], closes: [Close])>(([], []))

    init(user: UserID, connectionID: ConnectionID = .generate()) {
        self.userID = user
        self.connectionID = connectionID
    }

    func deliver(_ event: OutboundEvent) {
        state.withLock { $0.delivered.append(event) }
    }

    func close(_ code: CloseCode, reason: String) {
        state.withLock { $0.closes.append(Close(code: code, reason: reason)) }
    }

    var delivered: [OutboundEvent] { state.withLock { $0.delivered } }
    var closes: [Close] { state.withLock { $0.closes } }
}

func user(_ name: String) -> UserID {
    // Names in tests are valid by construction; a bad one should fail loudly.
    try! UserID(validating: name)
}

/// An event of `byteCount` bytes for `owner`.
func outboundEvent(for owner: UserID, type: ServerEventType = .progressUpdate, byteCount: Int = 10, fill: UInt8 = 0x61)
    -> OutboundEvent
{
    OutboundEvent(userID: owner, type: type, frame: ByteBuffer(bytes: [UInt8](repeating: fill, count: byteCount)))
}

/// A logger that discards everything, for components that require one.
let silentLogger = Logger(label: "switchboard.events.test") { _ in SwiftLogNoOpLogHandler() }

/// Keeps log records in memory so a test can assert what the guard logged.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let records = Mutex<[Record]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.withLock {
            $0.append(Record(level: event.level, message: event.message.description, metadata: event.metadata ?? [:]))
        }
    }

    var logged: [Record] { records.withLock { $0 } }
}
