import SwitchboardCore
import Testing

@Suite("Configuration: database settings")
struct DatabaseSettingsTests {
    @Test("without SWITCHBOARD_DATABASE_URL the database is SQLite files in the data directory")
    func defaultIsSQLiteInDataDirectory() throws {
        let configuration = try loadConfiguration(["SWITCHBOARD_DATA_DIR": "/var/lib/sb"])
        #expect(configuration.database == DatabaseSettings())
        #expect(configuration.database.url == nil)
        #expect(configuration.database.poolSize == nil)
        #expect(configuration.database.connectTimeoutSeconds == 5)
        #expect(configuration.databaseURL == "sqlite:///var/lib/sb")
        #expect(try loadConfiguration([:]).databaseURL == "sqlite://./.switchboard")
    }

    @Test("sqlite, postgres and postgresql URLs are accepted as written", arguments: [
        "sqlite:///srv/data", "sqlite://", "postgres://u:p@h:5432/d", "postgresql://u@h/d", "POSTGRES://u@h/d",
    ])
    func schemesAccepted(_ url: String) throws {
        let configuration = try loadConfiguration(["SWITCHBOARD_DATABASE_URL": url])
        #expect(configuration.database.url == url)
        #expect(configuration.databaseURL == url)
    }

    @Test("another scheme is refused without echoing the URL, which may hold a password", arguments: [
        "mysql://root:hunter2@db/app", "hunter2", "postgres:/u:hunter2@h/d", "",
    ])
    func otherSchemesRefused(_ url: String) throws {
        let error = try #require(configurationError(["SWITCHBOARD_DATABASE_URL": url]))
        #expect(error.setting == "SWITCHBOARD_DATABASE_URL")
        #expect(!error.description.contains("hunter2"))
        #expect(error.description.contains("sqlite://, postgres:// or postgresql://"))
    }

    @Test("pool size and connect timeout are bounded", arguments: [
        ("SWITCHBOARD_DATABASE_POOL_SIZE", "0"), ("SWITCHBOARD_DATABASE_POOL_SIZE", "257"),
        ("SWITCHBOARD_DATABASE_POOL_SIZE", "four"), ("SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS", "0"),
        ("SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS", "-1"), ("SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS", "never"),
    ])
    func boundsEnforced(_ setting: String, _ value: String) {
        #expect(configurationError([setting: value])?.setting == setting)
    }

    @Test("pool size and connect timeout within bounds load")
    func boundsAccepted() throws {
        let configuration = try loadConfiguration([
            "SWITCHBOARD_DATABASE_POOL_SIZE": "1", "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS": "0.25",
        ])
        #expect(configuration.database.poolSize == 1)
        #expect(configuration.database.connectTimeoutSeconds == 0.25)
        #expect(try loadConfiguration(["SWITCHBOARD_DATABASE_POOL_SIZE": "256"]).database.poolSize == 256)
    }
}
