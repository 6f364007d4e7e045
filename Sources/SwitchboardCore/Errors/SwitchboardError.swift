/// An error a client may see: a stable machine code, an HTTP status where one applies,
/// and a message that never names another tenant's data or server internals.
public protocol SwitchboardError: Error, Sendable {
    /// Stable, upper snake case ("TOKEN_EXPIRED"); clients match on it.
    var code: String { get }
    /// HTTP status for REST answers and refused upgrades.
    var httpStatus: Int { get }
    /// Safe to show to the caller.
    var message: String { get }
}
