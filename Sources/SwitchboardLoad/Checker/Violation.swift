/// Something the checker found wrong in what a connection received, with the example that
/// proves it (the first of each kind is printed in the verdict).
public struct Violation: Sendable, Hashable, Codable {
    /// Stable names: they appear in the verdict's reasons and in `--json` output.
    public enum Kind: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
        /// An event for another user, or for a run this user never started.
        case foreignEvent = "foreign_event"
        /// Offsets skipped (events lost), or a resume that the server could not serve.
        case lostEvent = "lost_event"
        /// An offset or an identical run event received twice.
        case duplicateEvent = "duplicate_event"
        /// A run's events (or offsets) not in the mandatory order.
        case outOfOrder = "out_of_order"
        /// A run that never got its terminal event.
        case missingTerminal = "missing_terminal"
        /// A run whose terminal event came after its deadline (or a request nobody answered).
        case deadlineExceeded = "deadline_exceeded"
        /// A frame that is not a decodable server event.
        case malformedFrame = "malformed_frame"

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public var kind: Kind
    /// How many events (or offsets, or runs) this one finding stands for: a gap of 3 offsets is
    /// one violation of count 3.
    public var count: Int
    public var user: String
    public var detail: String

    public init(_ kind: Kind, count: Int = 1, user: String, _ detail: String) {
        self.kind = kind
        self.count = count
        self.user = user
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue) for \(user): \(detail)" }
}
