import SwitchboardCore
import SwitchboardProtocol

/// A `POST …/runs[/stream|/wait]` body as Switchboard understands it. Fields it cannot honour
/// are refused with 422 naming the field, never ignored.
struct LangGraphRunRequest: Sendable {
    enum MultitaskStrategy: String, Sendable { case reject, enqueue, interrupt, rollback }
    enum DisconnectAction: String, Sendable { case cancel, `continue` }

    var assistant: LangGraphAssistant
    var question: String
    var metadata: JSONValue
    var streamModes: [LangGraphStreamMode]
    var multitaskStrategy: MultitaskStrategy
    var onDisconnect: DisconnectAction
    /// Stateless runs: keep the thread made for the run (`keep`) or delete it after (`delete`).
    var keepThread: Bool

    static let known: Set<String> = [
        "assistant_id", "input", "metadata", "config", "context", "stream_mode", "stream_subgraphs", "stream_resumable",
        "multitask_strategy", "on_disconnect", "on_completion", "if_not_exists", "durability", "feedback_keys",
        "command", "checkpoint", "checkpoint_id", "checkpoint_during", "interrupt_before", "interrupt_after", "webhook",
        "after_seconds", "langsmith_tracer", "strict_resume",
    ]

    /// Present and not null/false/empty: Switchboard has no checkpoints, no human-in-the-loop
    /// interrupts, no webhooks, no scheduling, no subgraph streams and no tracing to LangSmith.
    static let unsupported: [(field: String, why: String)] = [
        ("command", "resuming or steering a run with a command is not supported: runs have no interrupts to resume"),
        ("checkpoint", "Switchboard keeps no checkpoints; runs always continue from the thread's messages"),
        ("checkpoint_id", "Switchboard keeps no checkpoints; runs always continue from the thread's messages"),
        ("checkpoint_during", "Switchboard keeps no checkpoints"),
        ("interrupt_before", "human-in-the-loop interrupts are not supported"),
        ("interrupt_after", "human-in-the-loop interrupts are not supported"),
        ("webhook", "webhooks are not supported; join the run or its stream instead"),
        ("after_seconds", "delayed runs (cron) are not supported"),
        ("feedback_keys", "LangSmith feedback is not supported"),
        ("langsmith_tracer", "LangSmith tracing is not supported; Switchboard exports OTLP traces"),
        ("stream_subgraphs", "subgraph streams are not supported: agents stream as `updates` of one graph"),
        ("strict_resume", "resuming interrupted runs is not supported"),
    ]

    init(body: JSONBody, requireNoThread: Bool) throws {
        if let unknown = body.fields.keys.sorted().first(where: { !Self.known.contains($0) }) {
            throw LangGraphError.invalid(unknown, "is not a known field")
        }
        for (field, why) in Self.unsupported where Self.given(body.fields[field]) {
            throw LangGraphError.unsupported(field, why)
        }
        for field in ["config", "context"] where Self.given(body.fields[field]) {
            let value = body.fields[field]
            // An empty `configurable` is what clients send by default.
            if field == "config", let config = value?.objectValue, config.keys.allSatisfy({ $0 == "configurable" || $0 == "tags" || $0 == "recursion_limit" }),
                !Self.given(config["configurable"]) {
                continue
            }
            throw LangGraphError.unsupported(field, "assistants take no configuration; the question is the whole input")
        }
        if let ifNotExists = try body.optionalString("if_not_exists"), ifNotExists != "reject" {
            throw LangGraphError.unsupported("if_not_exists", "threads are made with POST /threads first (\"reject\" only)")
        }
        let assistantID = try body.string("assistant_id")
        guard let assistant = LangGraphAssistant.find(assistantID) else { throw LangGraphError.notFound("assistant") }
        self.assistant = assistant
        self.question = try LangGraphMessages.question(in: body.fields["input"])
        self.metadata = try body.optionalObject("metadata") ?? [:]
        self.streamModes = try LangGraphStreamMode.parse(body.fields["stream_mode"])
        let strategy = try body.optionalString("multitask_strategy") ?? "reject"
        guard let multitask = MultitaskStrategy(rawValue: strategy) else {
            throw LangGraphError.invalid("multitask_strategy", "must be reject, enqueue, interrupt or rollback")
        }
        self.multitaskStrategy = multitask
        let disconnect = try body.optionalString("on_disconnect") ?? "continue"
        guard let onDisconnect = DisconnectAction(rawValue: disconnect) else {
            throw LangGraphError.invalid("on_disconnect", "must be cancel or continue")
        }
        self.onDisconnect = onDisconnect
        let completion = try body.optionalString("on_completion") ?? "delete"
        guard completion == "delete" || completion == "keep" else {
            throw LangGraphError.invalid("on_completion", "must be delete or keep")
        }
        self.keepThread = completion == "keep"
        if !requireNoThread, body.has("on_completion") {
            throw LangGraphError.invalid("on_completion", "applies to stateless runs (POST /runs/...) only")
        }
    }

    /// What the run row keeps of the request (the SDK shows it as `kwargs`).
    var kwargs: JSONValue {
        [
            "input": ["messages": [["type": "human", "content": .string(question)]]],
            "stream_mode": .array(streamModes.map { .string($0.rawValue) }),
            "on_disconnect": .string(onDisconnect.rawValue),
        ]
    }

    private static func given(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: false
        case .array(let items)?: !items.isEmpty
        case .object(let fields)?: !fields.isEmpty
        case .string(let text)?: !text.isEmpty
        default: true
        }
    }
}
