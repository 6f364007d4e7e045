/// A stable fingerprint of what a migration does: FNV-1a (64-bit) over a canonical text of its
/// steps, as 16 hex digits. Stored with each applied migration so that editing a migration after
/// it ran is caught instead of silently diverging. The name is not part of it (renaming a
/// migration's description changes nothing in the database); the version and every step are.
///
/// FNV-1a is not cryptographic, which is fine: it guards against accidents, not adversaries,
/// and needs no dependency.
public enum MigrationChecksum {
    public static func checksum(of migration: Migration) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalText(of: migration).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// One line per step, every field spelled out, so that any change to a step changes the text.
    public static func canonicalText(of migration: Migration) -> String {
        var lines = ["version \(migration.version)"]
        for step in migration.steps {
            switch step {
            case .createTable(let table):
                let columns = table.columns.map(column).joined(separator: ",")
                let keys = table.foreignKeys.map { key in
                    "\(names(key.columns))->\(field(key.referencedTable))(\(names(key.referencedColumns)))"
                        + (key.onDeleteCascade ? " cascade" : "")
                }
                lines.append(
                    "createTable \(field(table.name)) columns[\(columns)] primaryKey[\(names(table.primaryKey))] "
                        + "foreignKeys[\(keys.joined(separator: ";"))]")
            case .addColumn(let table, let definition):
                lines.append("addColumn \(field(table)) \(column(definition))")
            case .createIndex(let index):
                lines.append(
                    "createIndex \(field(index.name)) on \(field(index.table)) [\(names(index.columns))] unique=\(index.unique)")
            case .dropIndex(let name):
                lines.append("dropIndex \(field(name))")
            case .dropTable(let name):
                lines.append("dropTable \(field(name))")
            case .sql(let sqlite, let postgres):
                lines.append("sql sqlite=\(field(sqlite)) postgres=\(field(postgres))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func column(_ column: ColumnDefinition) -> String {
        let defaultSQL = column.defaultSQL.map(field) ?? "none"
        return "\(field(column.name)) \(column.type.rawValue) nullable=\(column.nullable) default=\(defaultSQL)"
    }

    /// A list of names as one field.
    private static func names(_ names: [String]) -> String {
        field(names.joined(separator: ","))
    }

    /// Length-prefixed, so that no two different field values render alike.
    private static func field(_ text: String) -> String {
        "\(text.utf8.count):\(text)"
    }
}
