/// The namespaces this process owns and their migration histories: what `switchboard migrate`
/// applies and `switchboard schema check` compares. A process lists only its own namespaces, so
/// it never migrates or checks another service's.
///
/// ```swift
/// let catalog = SchemaCatalog.standard
/// for schema in catalog.schemas { print(schema.namespace) }   // app
/// ```
public struct SchemaCatalog: Sendable {
    /// In the order they are migrated.
    public var schemas: [NamespaceSchema]

    public init(_ schemas: [NamespaceSchema]) {
        precondition(Set(schemas.map(\.namespace)).count == schemas.count, "each namespace appears once in a catalog")
        self.schemas = schemas
    }

    /// Every namespace with migrations in this build. (`auth` and `analytics` join as their
    /// services gain tables.)
    public static var standard: SchemaCatalog { SchemaCatalog([AppSchema.schema]) }

    public var namespaces: [Namespace] { schemas.map(\.namespace) }

    public func schema(for namespace: Namespace) -> NamespaceSchema? {
        schemas.first { $0.namespace == namespace }
    }

    /// Only `namespace`'s schema; nil when the catalog has no such namespace.
    public func restricted(to namespace: Namespace) -> SchemaCatalog? {
        schema(for: namespace).map { SchemaCatalog([$0]) }
    }
}
