import Foundation
import SwitchboardStorage
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// No server needed: nothing listens where these point.
@Suite("PostgreSQL out of reach")
struct UnreachablePostgresTests {
    /// A loopback port that was free a moment ago and has nothing listening now.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("a closed port is .unavailable within the connect timeout, naming the server")
    func closedPortUnavailable() async throws {
        let port = try Self.closedPort()
        let target = DatabaseURL.PostgresTarget(
            host: "127.0.0.1", port: port, username: "switchboard", password: "secret", database: "switchboard",
            sslMode: .disable)
        let provider = PostgresDatabaseProvider(target: target, connectTimeout: .seconds(2), logger: quietLogger)
        let started = ContinuousClock.now
        do {
            _ = try await provider.database(for: .app)
            Issue.record("connected to a closed port")
        } catch {
            guard case .unavailable(let detail) = error else { throw error }
            #expect(detail.contains("127.0.0.1:\(port)/switchboard"))
            #expect(!detail.contains("secret"))
        }
        // Bounded by the connect timeout rather than hanging; the slack is for a loaded machine
        // (the whole suite runs in parallel on 2 cores), not a speed claim.
        #expect(ContinuousClock.now - started < .seconds(30))
        await provider.shutdown()
    }

    @Test("a server that never answers is .unavailable once the connect timeout has passed")
    func silentServerTimesOut() async throws {
        // A listening socket that never accepts: the TCP handshake completes in the kernel's
        // backlog, but no PostgreSQL greeting ever comes.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0 && listen(fd, 8) == 0
            }
        }
        try #require(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let target = DatabaseURL.PostgresTarget(
            host: "127.0.0.1", port: port, username: "u", password: "p", database: "d", sslMode: .disable)
        let provider = PostgresDatabaseProvider(target: target, connectTimeout: .milliseconds(500), logger: quietLogger)
        let started = ContinuousClock.now
        do {
            _ = try await provider.database(for: .app)
            Issue.record("a silent server was taken for PostgreSQL")
        } catch {
            guard case .unavailable = error else { throw error }
        }
        let waited = ContinuousClock.now - started
        // It waited for the timeout and then gave up (without one it would wait forever).
        #expect(waited >= .milliseconds(400) && waited < .seconds(30), "waited \(waited)")
        await provider.shutdown()
    }
}
