public import Hummingbird
import Logging
public import SwitchboardCore

/// Per-request state: the request id (also put on the logger), the peer's IP address (the TCP
/// connection's; forwarded-for headers are not trusted) and, once authenticated, the user.
public struct SwitchboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: SwitchboardCore.RequestID
    public let remoteIP: String?
    public var user: AuthenticatedUser?

    public init(source: ApplicationRequestContextSource) {
        let requestID = SwitchboardCore.RequestID.generate()
        var logger = source.logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        self.coreContext = .init(source: ApplicationRequestContextSource(channel: source.channel, logger: logger))
        self.requestID = requestID
        self.remoteIP = source.channel.remoteAddress?.ipAddress
    }
}
