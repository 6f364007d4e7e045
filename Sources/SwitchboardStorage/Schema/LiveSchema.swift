/// What introspection found in one namespace: the columns, keys and indexes it understands as a
/// ``SchemaModel``, plus the columns whose type is none of the ``ColumnType``s (kept by the type
/// name the database uses, so the schema check can say what it found).
public struct LiveSchema: Sendable, Hashable {
    public var model: SchemaModel
    /// Table → column → the database's own name for a type no ``ColumnType`` maps to
    /// (`int4`, `varchar(20)`, …).
    public var unrecognizedColumns: [String: [String: String]]

    public init(model: SchemaModel = SchemaModel(), unrecognizedColumns: [String: [String: String]] = [:]) {
        self.model = model
        self.unrecognizedColumns = unrecognizedColumns
    }
}
