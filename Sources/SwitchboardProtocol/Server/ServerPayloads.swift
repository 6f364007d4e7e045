/// Limits a connection works under, announced in `connection_established`.
public struct ConnectionLimits: Sendable, Hashable, Codable {
    public var maxMessageBytes: Int
    public var messagesPerMinute: Int
    public var maxConnectionsPerUser: Int
    public var heartbeatIntervalSeconds: Double
    public var pongTimeoutSeconds: Double
    public var idleTimeoutSeconds: Double
    public var outboundQueueEvents: Int
    public var outboundQueueBytes: Int

    public init(
        maxMessageBytes: Int, messagesPerMinute: Int, maxConnectionsPerUser: Int,
        heartbeatIntervalSeconds: Double, pongTimeoutSeconds: Double, idleTimeoutSeconds: Double,
        outboundQueueEvents: Int, outboundQueueBytes: Int
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.messagesPerMinute = messagesPerMinute
        self.maxConnectionsPerUser = maxConnectionsPerUser
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.pongTimeoutSeconds = pongTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.outboundQueueEvents = outboundQueueEvents
        self.outboundQueueBytes = outboundQueueBytes
    }

    enum CodingKeys: String, CodingKey {
        case maxMessageBytes = "max_message_bytes"
        case messagesPerMinute = "messages_per_minute"
        case maxConnectionsPerUser = "max_connections_per_user"
        case heartbeatIntervalSeconds = "heartbeat_interval_s"
        case pongTimeoutSeconds = "pong_timeout_s"
        case idleTimeoutSeconds = "idle_timeout_s"
        case outboundQueueEvents = "outbound_queue_events"
        case outboundQueueBytes = "outbound_queue_bytes"
    }
}

public struct ConnectionEstablishedPayload: Sendable, Hashable, Codable {
    public var connectionID: String
    public var userID: String
    public var serverTime: String
    public var protocolVersion: Int
    public var limits: ConnectionLimits
    /// The user's event-log epoch and last offset when the connection opened: resume from here.
    public var epoch: String?
    public var lastOffset: Int?

    public init(
        connectionID: String, userID: String, serverTime: String, protocolVersion: Int = 1, limits: ConnectionLimits,
        epoch: String? = nil, lastOffset: Int? = nil
    ) {
        self.connectionID = connectionID
        self.userID = userID
        self.serverTime = serverTime
        self.protocolVersion = protocolVersion
        self.limits = limits
        self.epoch = epoch
        self.lastOffset = lastOffset
    }

    enum CodingKeys: String, CodingKey {
        case connectionID = "connection_id"
        case userID = "user_id"
        case serverTime = "server_time"
        case protocolVersion = "protocol"
        case limits, epoch
        case lastOffset = "last_offset"
    }
}

public struct PongPayload: Sendable, Hashable, Codable {
    public var serverTime: String

    public init(serverTime: String) { self.serverTime = serverTime }

    enum CodingKeys: String, CodingKey { case serverTime = "server_time" }
}

/// Payload of an `error` event.
public struct ErrorPayload: Sendable, Hashable, Codable {
    public var code: ProtocolErrorCode
    public var message: String
    /// For UNKNOWN_MESSAGE_TYPE: the types this server handles.
    public var supportedTypes: [String]?
    /// For RATE_LIMITED: when the next message will be accepted.
    public var retryAfterMilliseconds: Int?
    /// For MESSAGE_TOO_LARGE: the limit in bytes.
    public var limitBytes: Int?
    /// For VALIDATION_FAILED: the offending field.
    public var field: String?

    public init(
        code: ProtocolErrorCode, message: String, supportedTypes: [String]? = nil,
        retryAfterMilliseconds: Int? = nil, limitBytes: Int? = nil, field: String? = nil
    ) {
        self.code = code
        self.message = message
        self.supportedTypes = supportedTypes
        self.retryAfterMilliseconds = retryAfterMilliseconds
        self.limitBytes = limitBytes
        self.field = field
    }

    enum CodingKeys: String, CodingKey {
        case code, message, field
        case supportedTypes = "supported_types"
        case retryAfterMilliseconds = "retry_after_ms"
        case limitBytes = "limit_bytes"
    }
}
