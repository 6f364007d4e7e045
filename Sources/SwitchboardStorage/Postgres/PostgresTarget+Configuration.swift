import NIOCore
import PostgresNIO

extension DatabaseURL.PostgresTarget {
    /// `host:port/database`: how messages name the server. Never includes credentials.
    var location: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "\(host):\(port)/\(database)"
    }

    /// The pool configuration for one namespace: every connection starts with its
    /// `search_path`, so statements see the namespace's tables and nothing else (`pg_catalog`
    /// is always searched implicitly, for functions such as `hashtext`).
    func clientConfiguration(
        namespace: Namespace, maximumConnections: Int, connectTimeout: Duration
    ) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: clientTLS)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = [("search_path", "\"\(namespace.name)\"")]
        return configuration
    }

    /// A single connection's configuration, for work before a namespace's pool exists.
    func connectionConfiguration(connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: Self.tlsConfiguration(verify: false)))
        case .require: tls = .require(try NIOSSLContext(configuration: Self.tlsConfiguration(verify: false)))
        case .verifyFull: tls = .require(try NIOSSLContext(configuration: Self.tlsConfiguration(verify: true)))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = TimeAmount(connectTimeout)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(Self.tlsConfiguration(verify: false))
        case .require: .require(Self.tlsConfiguration(verify: false))
        case .verifyFull: .require(Self.tlsConfiguration(verify: true))
        }
    }

    /// `prefer` and `require` encrypt without checking the certificate, as libpq does;
    /// `verify-full` checks the chain and the host name.
    private static func tlsConfiguration(verify: Bool) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !verify { configuration.certificateVerification = .none }
        return configuration
    }
}
