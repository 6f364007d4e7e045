extension SQLStatement {
    /// The same statement in the form `dialect`'s driver takes it: for SQLite, numbered `?N`
    /// placeholders and timestamps as their stored text. Running either form gives the same
    /// result, and converting again changes nothing.
    ///
    /// For callers that build large statements outside a critical section: a bulk insert of
    /// thousands of values converted while its request waits for its turn is not converted
    /// again by the one writer that holds the lock.
    public func written(for dialect: SQLDialect) -> SQLStatement {
        switch dialect {
        case .postgres:
            return self
        case .sqlite:
            let values = bindings.map { value -> SQLValue in
                if case .timestamp(let date) = value { return .text(SQLTimestamp.format(date)) }
                return value
            }
            return SQLStatement(SQLitePlaceholders.translate(text), values)
        }
    }
}
