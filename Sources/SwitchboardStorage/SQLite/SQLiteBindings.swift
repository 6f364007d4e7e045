import VaporCSQLite

/// How ``SQLValue``s reach SQLite, which has only integers, reals, text and blobs: booleans
/// become 0/1, timestamps ISO-8601 text with microseconds (which sorts in time order), JSON its
/// text. SQLite copies every text and blob it is given (`SQLITE_TRANSIENT`).
enum SQLiteBindings {
    static func bind(_ value: SQLValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch value {
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        case .integer(let value): sqlite_nio_sqlite3_bind_int64(statement, index, value)
        case .double(let value): sqlite_nio_sqlite3_bind_double(statement, index, value)
        case .text(let value), .json(let value): bind(text: value, to: statement, at: index)
        case .bool(let value): sqlite_nio_sqlite3_bind_int64(statement, index, value ? 1 : 0)
        case .timestamp(let date): bind(text: SQLTimestamp.format(date), to: statement, at: index)
        case .blob(let bytes):
            bytes.withUnsafeBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient) }
        }
    }

    private static func bind(text: String, to statement: OpaquePointer, at index: Int32) -> Int32 {
        // An empty text is still text, not NULL: it needs a pointer of its own.
        guard !text.isEmpty else { return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8)) }
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                sqlite_nio_sqlite3_bind_text64(statement, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// SQLite's "copy it now" destructor.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

/// Reading a stepped statement's rows. SQLite does not say which declared type a value came
/// from, so booleans read back as integers and timestamps as text; ``SQLRow``'s typed
/// accessors convert both.
enum SQLiteColumns {
    static func rows(of statement: OpaquePointer, handle: SQLiteHandle) throws(StorageError) -> [SQLRow] {
        var rows: [SQLRow] = []
        var names: [String]?
        while try next(statement, handle: handle) {
            let count = sqlite_nio_sqlite3_column_count(statement)
            let columns = names ?? (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            names = columns
            rows.append(SQLRow(columns: columns, values: (0..<count).map { value(of: statement, at: $0) }))
        }
        return rows
    }

    /// Steps to the end, ignoring rows (an INSERT … RETURNING run for its count).
    static func drain(_ statement: OpaquePointer, handle: SQLiteHandle) throws(StorageError) {
        while try next(statement, handle: handle) {}
    }

    private static func next(_ statement: OpaquePointer, handle: SQLiteHandle) throws(StorageError) -> Bool {
        switch sqlite_nio_sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw handle.failure(code)
        }
    }

    private static func value(of statement: OpaquePointer, at index: Int32) -> SQLValue {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite_nio_sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .double(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite_nio_sqlite3_column_blob(statement, index), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }
}
