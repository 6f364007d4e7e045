import Foundation

/// Where the database is, parsed from `SWITCHBOARD_DATABASE_URL`.
///
/// - `sqlite://DIR` — a directory holding one file per namespace (`app.sqlite`, `auth.sqlite`, …).
///   Everything after `sqlite://` is the path: `sqlite:///var/lib/switchboard` is absolute,
///   `sqlite://./data` is relative to the working directory, and a bare `sqlite://` names no
///   directory, so the caller picks one (the data directory) with ``resolvingSQLiteDirectory(default:)``.
/// - `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE` (or `postgresql://`) — one
///   schema per namespace. User name, password, host and database are percent-decoded; the port
///   defaults to 5432, the database to the user name (as PostgreSQL does), `sslmode` to `prefer`.
///
/// The description never shows the password, so a URL can be logged.
///
/// ```swift
/// let url = try DatabaseURL(parsing: "postgres://switchboard:s%40cret@db:5432/switchboard?sslmode=disable")
/// logger.info("database", metadata: ["url": "\(url)"])   // postgres://switchboard:***@db:5432/switchboard?sslmode=disable
/// ```
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// A directory of SQLite files; nil when the URL left it to the caller.
    case sqlite(directory: String?)
    case postgres(PostgresTarget)

    /// The PostgreSQL server, credentials and database a `postgres://` URL names. Its
    /// description and mirror show the password as `***`, so logging or dumping it is safe.
    public struct PostgresTarget: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
        /// libpq's `sslmode` values that Switchboard supports.
        public enum SSLMode: String, Sendable, Hashable, CaseIterable {
            case disable
            /// TLS when the server offers it (libpq's default).
            case prefer
            /// TLS always, without verifying the certificate (as libpq's `require`).
            case require
            /// TLS always, certificate and host name verified.
            case verifyFull = "verify-full"
        }

        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var sslMode: SSLMode

        public init(
            host: String, port: Int = 5432, username: String, password: String?, database: String,
            sslMode: SSLMode = .prefer
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.sslMode = sslMode
        }

        public var description: String { DatabaseURL.postgres(self).description }

        public var customMirror: Mirror {
            Mirror(
                self,
                children: [
                    "host": host, "port": port, "username": username, "password": password == nil ? "nil" : "***",
                    "database": database, "sslMode": sslMode,
                ])
        }
    }

    public init(parsing text: String) throws(StorageError) {
        guard let separator = text.range(of: "://") else {
            throw .invalidURL("the database URL has no scheme; expected sqlite://DIR or postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        let rest = String(text[separator.upperBound...])
        switch scheme {
        case "sqlite":
            let path = try Self.percentDecoded(rest, part: "path")
            self = .sqlite(directory: path.isEmpty ? nil : path)
        case "postgres", "postgresql":
            self = .postgres(try Self.parsePostgres(rest))
        default:
            throw .invalidURL("unsupported database URL scheme '\(scheme)'; expected sqlite, postgres or postgresql")
        }
    }

    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The same URL with a bare `sqlite://` pointed at `directory`.
    public func resolvingSQLiteDirectory(default directory: String) -> DatabaseURL {
        if case .sqlite(nil) = self { return .sqlite(directory: directory) }
        return self
    }

    public var description: String {
        switch self {
        case .sqlite(let directory):
            return "sqlite://" + (directory ?? "")
        case .postgres(let target):
            let credentials = target.username + (target.password == nil ? "" : ":***")
            let host = target.host.contains(":") ? "[\(target.host)]" : target.host
            return "postgres://\(credentials)@\(host):\(target.port)/\(target.database)?sslmode=\(target.sslMode.rawValue)"
        }
    }

    private static func parsePostgres(_ rest: String) throws(StorageError) -> PostgresTarget {
        var main = Substring(rest)
        var query: Substring = ""
        if let questionMark = main.firstIndex(of: "?") {
            query = main[main.index(after: questionMark)...]
            main = main[..<questionMark]
        }
        // The last `@` ends the credentials, so an unencoded `@` in a password still parses.
        guard let at = main.lastIndex(of: "@") else {
            throw .invalidURL("the postgres URL names no user; expected postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        let userInfo = main[..<at]
        let location = main[main.index(after: at)...]
        let username: String
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            username = try percentDecoded(String(userInfo[..<colon]), part: "user name")
            password = try percentDecoded(String(userInfo[userInfo.index(after: colon)...]), part: "password")
        } else {
            username = try percentDecoded(String(userInfo), part: "user name")
        }
        guard !username.isEmpty else { throw .invalidURL("the postgres URL has an empty user name") }

        let authority: Substring
        var database = ""
        if let slash = location.firstIndex(of: "/") {
            authority = location[..<slash]
            database = try percentDecoded(String(location[location.index(after: slash)...]), part: "database name")
        } else {
            authority = location
        }
        let (host, port) = try parseHostAndPort(authority)
        var target = PostgresTarget(
            host: host, port: port, username: username, password: password,
            database: database.isEmpty ? username : database)
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? try percentDecoded(String(pair[1]), part: "parameter \(name)") : ""
            guard name == "sslmode" else {
                throw .invalidURL("unsupported postgres URL parameter '\(name)'; only sslmode is understood")
            }
            guard let mode = PostgresTarget.SSLMode(rawValue: value) else {
                let modes = PostgresTarget.SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidURL("sslmode '\(value)' is not supported; use one of \(modes)")
            }
            target.sslMode = mode
        }
        return target
    }

    private static func parseHostAndPort(_ authority: Substring) throws(StorageError) -> (String, Int) {
        var host: String
        var portText: Substring?
        if authority.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidURL("the postgres URL has an unterminated IPv6 host")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw .invalidURL("the postgres URL has text after its IPv6 host")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        host = try percentDecoded(host, part: "host")
        guard !host.isEmpty else { throw .invalidURL("the postgres URL names no host") }
        guard let portText else { return (host, 5432) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidURL("the postgres URL's port '\(portText)' is not a number in 1...65535")
        }
        return (host, port)
    }

    /// Decodes `%XX` escapes (UTF-8). The password's text is never put in an error.
    private static func percentDecoded(_ text: String, part: String) throws(StorageError) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidURL("the database URL's \(part) has a malformed %-escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidURL("the \(part) in the database URL is not UTF-8 after %-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
