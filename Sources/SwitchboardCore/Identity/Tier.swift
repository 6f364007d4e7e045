/// Plan tier of a user; carried in the access token and checked by tools.
public enum Tier: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case free
    case pro
    case enterprise
    case developer

    private var rank: Int {
        switch self {
        case .free: 0
        case .pro: 1
        case .enterprise: 2
        case .developer: 3
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

/// Role of a user; `admin` may use `/api/admin/*`.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    case user
    case admin
}
