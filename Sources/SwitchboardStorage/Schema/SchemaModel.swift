/// A column as declared by migrations or found in a live database.
public struct ColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    /// SQL default expression, written the same for both dialects (e.g. `0`, `'x'`, `FALSE`).
    public var defaultSQL: String?

    public init(_ name: String, _ type: ColumnType, nullable: Bool = false, default defaultSQL: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultSQL = defaultSQL
    }
}

/// A table: columns in order, a primary key, and foreign keys to tables of the same namespace.
public struct TableDefinition: Sendable, Hashable {
    public struct ForeignKey: Sendable, Hashable {
        public var columns: [String]
        public var referencedTable: String
        public var referencedColumns: [String]
        public var onDeleteCascade: Bool

        public init(_ columns: [String], references table: String, _ referencedColumns: [String], onDeleteCascade: Bool = false) {
            self.columns = columns
            self.referencedTable = table
            self.referencedColumns = referencedColumns
            self.onDeleteCascade = onDeleteCascade
        }
    }

    public var name: String
    public var columns: [ColumnDefinition]
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKey]

    public init(_ name: String, columns: [ColumnDefinition], primaryKey: [String], foreignKeys: [ForeignKey] = []) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
    }
}

public struct IndexDefinition: Sendable, Hashable {
    public var name: String
    public var table: String
    public var columns: [String]
    public var unique: Bool

    public init(_ name: String, on table: String, _ columns: [String], unique: Bool = false) {
        self.name = name
        self.table = table
        self.columns = columns
        self.unique = unique
    }
}

/// The shape of one namespace: what its migrations declare, or what introspection found.
/// Compared by ``SchemaCheck``; the migrations table itself is never part of it.
public struct SchemaModel: Sendable, Hashable {
    public struct Table: Sendable, Hashable {
        public var name: String
        /// Column name → definition. Order is not compared (ALTER TABLE ADD COLUMN appends).
        public var columns: [String: ColumnDefinition]
        public var primaryKey: [String]

        public init(name: String, columns: [String: ColumnDefinition], primaryKey: [String]) {
            self.name = name
            self.columns = columns
            self.primaryKey = primaryKey
        }
    }

    public var tables: [String: Table]
    /// Index name → definition (primary-key and constraint-backed indexes excluded).
    public var indexes: [String: IndexDefinition]

    public init(tables: [String: Table] = [:], indexes: [String: IndexDefinition] = [:]) {
        self.tables = tables
        self.indexes = indexes
    }
}
