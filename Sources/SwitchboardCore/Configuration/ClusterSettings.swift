/// This process among the instances that share one PostgreSQL database (cluster mode, issue
/// #19). On the embedded SQLite default a process is alone by construction (it holds its data
/// directory's lock), so nothing here is used but the id in its logs.
public struct ClusterSettings: Sendable, Hashable {
    /// `SWITCHBOARD_INSTANCE_ID`; nil: `<host>:<pid>:<start time>`, made when the server starts.
    public var instanceID: String?
    /// `SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS`: how often the instance's row is stamped.
    public var heartbeatSeconds: Double
    /// `SWITCHBOARD_INSTANCE_LEASE_SECONDS`: an instance whose row has not been stamped for this
    /// long is gone; its runs are no longer anyone's.
    public var leaseSeconds: Double

    public init(instanceID: String? = nil, heartbeatSeconds: Double = 5, leaseSeconds: Double = 15) {
        self.instanceID = instanceID
        self.heartbeatSeconds = heartbeatSeconds
        self.leaseSeconds = leaseSeconds
    }

    public var heartbeatInterval: Duration { .milliseconds(Int64(heartbeatSeconds * 1000)) }
    public var lease: Duration { .milliseconds(Int64(leaseSeconds * 1000)) }

    /// Letters, digits and `.`, `_`, `:`, `-`; 1 to 128 of them: it appears in log lines,
    /// metrics and every run row the instance starts.
    public static func isValid(instanceID: String) -> Bool {
        !instanceID.isEmpty && instanceID.utf8.count <= 128
            && instanceID.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".:_-".unicodeScalars.contains($0)) }
    }
}
