public import Hummingbird
import Logging
public import SwitchboardCore

/// Per-request state: the request id (also put on the logger) and, once authenticated, the user.
public struct SwitchboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let requestID: SwitchboardCore.RequestID
    public var user: AuthenticatedUser?

    public init(source: ApplicationRequestContextSource) {
        let requestID = SwitchboardCore.RequestID.generate()
        var logger = source.logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        self.coreContext = .init(source: ApplicationRequestContextSource(channel: source.channel, logger: logger))
        self.requestID = requestID
    }
}
