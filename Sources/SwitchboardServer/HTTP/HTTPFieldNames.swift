import HTTPTypes

/// The header names Switchboard reads or writes beyond HTTPTypes' own, defined once.
extension HTTPField.Name {
    /// W3C trace context of the caller; a run started by the request joins its trace.
    static let traceparent = Self("traceparent")!
    /// The trace this answer belongs to.
    static let traceresponse = Self("traceresponse")!
    /// `epoch:offset` to resume a stream after (SSE, and `/ws` at connect).
    static let lastEventID = Self("Last-Event-ID")!
    /// The run a `POST /api/agent/stream` started.
    static let runID = Self("X-Run-ID")!
    /// Web app answers send no referrer (thread ids in the URL fragment never leave anyway).
    static let referrerPolicy = Self("Referrer-Policy")!
    /// A personal API key, accepted wherever a bearer token is (the LangGraph SDK sends it).
    static let apiKey = Self("x-api-key")!
}
