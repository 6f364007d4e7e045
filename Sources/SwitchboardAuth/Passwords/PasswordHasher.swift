import HummingbirdBcrypt
public import NIOPosix

/// bcrypt hashing and verification, run on a thread pool: bcrypt is slow on purpose, and a
/// login must never block an event loop or the cooperative executor.
///
/// ```swift
/// let hasher = PasswordHasher(cost: 12)
/// let hash = try await hasher.hash("correct horse battery")
/// let ok = try await hasher.verify("correct horse battery", hash: hash)
/// ```
public struct PasswordHasher: Sendable {
    public let cost: Int
    private let threadPool: NIOThreadPool

    public init(cost: Int, threadPool: NIOThreadPool = .singleton) {
        precondition((4...31).contains(cost), "bcrypt cost must be in 4...31")
        self.cost = cost
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        return try await threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends as long as a real verification of this cost, for answers that must not be faster
    /// when an account does not exist or is locked. Always false.
    public func verifyAgainstNothing(_ password: String) async throws {
        _ = try await verify(password, hash: dummyHash)
    }

    /// A well-formed bcrypt hash of this cost that no password matches in practice.
    private var dummyHash: String {
        let cost = self.cost < 10 ? "0\(self.cost)" : "\(self.cost)"
        return "$2b$\(cost)$C6UzMDM.H6dfI/f/IKxGhuRIq2NPYm2ZSNEdyI1hmTHJx8K1b7Mse"
    }
}
