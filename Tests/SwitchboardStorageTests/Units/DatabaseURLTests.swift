import SwitchboardStorage
import Testing

@Suite("DatabaseURL")
struct DatabaseURLTests {
    @Test("sqlite:// takes everything after the scheme as the directory")
    func sqlite() throws {
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/switchboard") == .sqlite(directory: "/var/lib/switchboard"))
        #expect(try DatabaseURL(parsing: "sqlite://./data") == .sqlite(directory: "./data"))
        #expect(try DatabaseURL(parsing: "sqlite:///tmp/with%20space") == .sqlite(directory: "/tmp/with space"))
        #expect(try DatabaseURL(parsing: "SQLite:///x").dialect == .sqlite)
        let bare = try DatabaseURL(parsing: "sqlite://")
        #expect(bare == .sqlite(directory: nil))
        #expect(bare.resolvingSQLiteDirectory(default: "/data") == .sqlite(directory: "/data"))
        #expect(DatabaseURL.sqlite(directory: "/a").resolvingSQLiteDirectory(default: "/data") == .sqlite(directory: "/a"))
    }

    @Test("postgres:// and postgresql:// parse user, password, host, port, database and sslmode")
    func postgres() throws {
        let url = try DatabaseURL(parsing: "postgres://switchboard:s3cret@db.internal:6543/sb?sslmode=disable")
        #expect(url == .postgres(.init(
            host: "db.internal", port: 6543, username: "switchboard", password: "s3cret", database: "sb", sslMode: .disable)))
        #expect(url.dialect == .postgres)
        let defaults = try DatabaseURL(parsing: "postgresql://alice@localhost")
        #expect(defaults == .postgres(.init(host: "localhost", port: 5432, username: "alice", password: nil, database: "alice")))
        guard case .postgres(let target) = defaults else { return }
        #expect(target.sslMode == .prefer)
        #expect(try DatabaseURL(parsing: "postgres://u:p@[::1]:5433/d") == .postgres(.init(
            host: "::1", port: 5433, username: "u", password: "p", database: "d")))
        #expect(try DatabaseURL(parsing: "postgres://u:p@h/d?sslmode=verify-full")
            == .postgres(.init(host: "h", username: "u", password: "p", database: "d", sslMode: .verifyFull)))
    }

    @Test("credentials and names are percent-decoded; an unencoded @ in the password still parses")
    func percentDecoding() throws {
        let url = try DatabaseURL(parsing: "postgres://us%65r:p%40ss%3Aw%2Frd%20%C3%BC@h:1/my%2Ddb")
        #expect(url == .postgres(.init(host: "h", port: 1, username: "user", password: "p@ss:w/rd ü", database: "my-db")))
        #expect(try DatabaseURL(parsing: "postgres://u:p@ss@h/d") == .postgres(.init(
            host: "h", username: "u", password: "p@ss", database: "d")))
        #expect(try DatabaseURL(parsing: "postgres://u:@h/d") == .postgres(.init(host: "h", username: "u", password: "", database: "d")))
    }

    @Test("what is wrong is named, and the password never appears", arguments: [
        ("mysql://root:hunter2@h/d", "scheme 'mysql'"),
        ("hunter2", "no scheme"),
        ("postgres://h:5432/d", "names no user"),
        ("postgres://:hunter2@h/d", "empty user name"),
        ("postgres://u:hunter2@/d", "names no host"),
        ("postgres://u:hunter2@h:port/d", "port 'port'"),
        ("postgres://u:hunter2@h:70000/d", "port '70000'"),
        ("postgres://u:hunter2@h/d?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgres://u:hunter2@h/d?timeout=3", "parameter 'timeout'"),
        ("postgres://u:hunter2%zz@h/d", "password has a malformed %-escape"),
        ("postgres://u:hunter2%ff@h/d", "password in the database URL is not UTF-8"),
        ("postgres://u:hunter2@[::1/d", "unterminated IPv6"),
    ])
    func refused(_ text: String, _ reason: String) {
        do {
            let url = try DatabaseURL(parsing: text)
            Issue.record("parsed \(url)")
        } catch {
            guard case .invalidURL(let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(detail.contains(reason), "\(detail)")
            #expect(!error.description.contains("hunter2"))
            #expect(error.code == "INVALID_DATABASE_URL")
        }
    }

    @Test("the description hides the password, so the URL can be logged")
    func redacted() throws {
        let url = try DatabaseURL(parsing: "postgres://switchboard:hunter2@db:5432/sb?sslmode=require")
        #expect(url.description == "postgres://switchboard:***@db:5432/sb?sslmode=require")
        #expect("\(url)".contains("hunter2") == false)
        #expect(try DatabaseURL(parsing: "postgres://u@[::1]/d").description == "postgres://u@[::1]:5432/d?sslmode=prefer")
        #expect(DatabaseURL.sqlite(directory: "/data").description == "sqlite:///data")
        guard case .postgres(let target) = url else { return }
        #expect(!"\(target)".contains("hunter2"))
        #expect(!String(reflecting: target).contains("hunter2"))
        var dumped = ""
        dump(target, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!String(reflecting: url).contains("hunter2"))
    }

    @Test("the factory builds the backend the URL names, and refuses an unresolved sqlite://")
    func factory() throws {
        let sqlite = try DatabaseProviderFactory.makeProvider(url: .sqlite(directory: "/tmp/x"), logger: quietLogger)
        #expect(sqlite is SQLiteDatabaseProvider)
        #expect(sqlite.dialect == .sqlite)
        let postgres = try DatabaseProviderFactory.makeProvider(
            url: try DatabaseURL(parsing: "postgres://u:p@h/d"), logger: quietLogger, poolSize: 2)
        #expect(postgres is PostgresDatabaseProvider)
        #expect(postgres.dialect == .postgres)
        #expect(throws: StorageError.invalidURL("sqlite:// names no directory; resolve it against the data directory first")) {
            try DatabaseProviderFactory.makeProvider(url: .sqlite(directory: nil), logger: quietLogger)
        }
        #expect(throws: StorageError.invalidURL("the pool size must be at least 1, not 0")) {
            try DatabaseProviderFactory.makeProvider(url: .sqlite(directory: "/tmp/x"), logger: quietLogger, poolSize: 0)
        }
    }
}
