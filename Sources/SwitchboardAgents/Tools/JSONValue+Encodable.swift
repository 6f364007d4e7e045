import Foundation
public import SwitchboardProtocol

extension JSONValue {
    /// The JSON form of an encodable value (an analysis, a plan), for tool results and reports.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }
}
