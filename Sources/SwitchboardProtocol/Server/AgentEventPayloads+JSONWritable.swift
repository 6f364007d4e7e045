/// The run events' payloads write their own JSON (``JSONWritable``): the same keys as their
/// `Codable` conformances, which stay for decoding and for everything else.
extension AgentStartedPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        object.field("agent_name", agentName)
        object.field("user_id", userID)
        object.field("thread_id", threadID)
        object.field("timestamp", timestamp)
        return object.finish()
    }
}

extension AgentThinkingPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 64 + reasoning.utf8.count)
        object.field("agent_name", agentName)
        object.field("reasoning", reasoning)
        object.field("step_number", stepNumber)
        return object.finish()
    }
}

extension ToolExecutingPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        object.field("agent_name", agentName)
        object.field("tool_name", toolName)
        object.field("parameters", parameters)
        return object.finish()
    }
}

extension ToolCompletedPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 512)
        object.field("agent_name", agentName)
        object.field("tool_name", toolName)
        object.field("results", results)
        object.field("duration_ms", durationMs)
        return object.finish()
    }
}

extension ToolErrorPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        object.field("agent_name", agentName)
        object.field("tool_name", toolName)
        object.field("code", code.rawValue)
        object.field("message", message)
        object.field("duration_ms", durationMs)
        return object.finish()
    }
}

extension AgentCompletedPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 1024)
        object.field("agent_name", agentName)
        object.field("status", status)
        object.field("final_response", finalResponse)
        object.field("result", result)
        object.field("duration_ms", durationMs)
        object.fieldIfPresent("llm_providers", llmProviders)
        return object.finish()
    }
}

extension AgentErrorPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        object.field("agent_name", agentName)
        object.field("code", code.rawValue)
        object.field("message", message)
        object.field("terminal", terminal)
        return object.finish()
    }
}

extension AgentStoppedPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter()
        object.field("agent_name", agentName)
        object.field("reason", reason)
        return object.finish()
    }
}

extension ProgressUpdatePayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 64)
        object.field("percent", percent)
        object.field("message", message)
        return object.finish()
    }
}

extension PartialResultPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 48 + delta.utf8.count)
        object.field("agent_name", agentName)
        object.field("delta", delta)
        return object.finish()
    }
}

extension FinalReportPayload: JSONWritable {
    public var jsonBytes: [UInt8] {
        var object = JSONObjectWriter(capacity: 2048 + markdown.utf8.count)
        object.field("markdown", markdown)
        object.field("report", report)
        object.fieldIfPresent("message_id", messageID)
        return object.finish()
    }
}
