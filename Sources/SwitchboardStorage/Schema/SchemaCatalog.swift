/// The namespaces this process owns and their migration histories: what `switchboard migrate`
/// applies and `switchboard schema check` compares. A process lists only its own namespaces, so
/// it never migrates or checks another service's.
///
/// ```swift
/// let catalog = SchemaCatalog([AppSchema.schema])
/// for schema in catalog.schemas { print(schema.namespace) }   // app
/// ```
///
/// Storage cannot see the other modules' schemas (auth's lives in SwitchboardAuth), so the
/// catalog of the whole build is composed where they are all visible: `SchemaCatalog.switchboard`
/// in SwitchboardServer.
public struct SchemaCatalog: Sendable {
    /// In the order they are migrated.
    public var schemas: [NamespaceSchema]

    public init(_ schemas: [NamespaceSchema]) {
        precondition(Set(schemas.map(\.namespace)).count == schemas.count, "each namespace appears once in a catalog")
        self.schemas = schemas
    }

    public var namespaces: [Namespace] { schemas.map(\.namespace) }

    public func schema(for namespace: Namespace) -> NamespaceSchema? {
        schemas.first { $0.namespace == namespace }
    }

    /// Only `namespace`'s schema; nil when the catalog has no such namespace.
    public func restricted(to namespace: Namespace) -> SchemaCatalog? {
        schema(for: namespace).map { SchemaCatalog([$0]) }
    }
}
