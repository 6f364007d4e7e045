public import SwitchboardCore
public import SwitchboardProtocol

/// A tool agents may call. Tools are immutable values shared by every run; whatever they read
/// comes through the run's ``UserUsageData``, which is bound to the run's user at creation, so a
/// tool has no way to name another user's data.
public protocol AgentTool: Sendable {
    var name: String { get }
    /// The lowest plan tier allowed to call it.
    var minimumTier: Tier { get }
    func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue
}

/// A tool call's parameters (a JSON object) with typed, checked accessors.
public struct ToolParameters: Sendable, Hashable {
    public let json: JSONValue

    public init(_ json: JSONValue) { self.json = json }

    private var fields: [String: JSONValue] { json.objectValue ?? [:] }

    /// `days`: 1…90, the run's default when absent.
    public func days(default value: Int) throws(ToolFailure) -> Int {
        guard let field = fields["days"] else { return value }
        guard let number = field.numberValue, number == number.rounded(), (1...90).contains(number) else {
            throw ToolFailure("days must be a whole number within 1…90")
        }
        return Int(number)
    }

    /// `models`: model names to keep; empty when absent (all models).
    public func models() throws(ToolFailure) -> [String] {
        guard let field = fields["models"] else { return [] }
        guard case .array(let items) = field else { throw ToolFailure("models must be an array of strings") }
        var names: [String] = []
        for item in items {
            guard let name = item.stringValue else { throw ToolFailure("models must be an array of strings") }
            names.append(name)
        }
        return names
    }

    public func number(_ name: String, default value: Double, in range: ClosedRange<Double>) throws(ToolFailure) -> Double {
        guard let field = fields[name] else { return value }
        guard let number = field.numberValue, range.contains(number) else {
            throw ToolFailure("\(name) must be a number within \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    public func value(_ name: String) -> JSONValue? { fields[name] }
}

/// A tool refused its parameters or could not finish; the message goes to the client.
public struct ToolFailure: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
