import Foundation
import FrontlineEngine
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// Reads the current row of a statement straight from SQLite, for the report's large
/// scans: a generic GRDB decode per column cost more than SQLite's own work there. NULL
/// where a value is required is a corrupt-row error naming the record, never a trap.
struct StatementColumns {
    let statement: SQLiteStatement

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func int(_ index: Int32) -> Int64? { isNull(index) ? nil : sqlite3_column_int64(statement, index) }

    func double(_ index: Int32) -> Double? { isNull(index) ? nil : sqlite3_column_double(statement, index) }

    /// Whether the column holds exactly `expected` (ASCII), without making a String.
    func equals(_ index: Int32, _ expected: StaticString) -> Bool {
        guard let bytes = sqlite3_column_text(statement, index) else { return false }
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count == expected.utf8CodeUnitCount else { return false }
        return memcmp(bytes, expected.utf8Start, count) == 0
    }

    /// Whether the column holds the same bytes as `text`.
    func equals(_ index: Int32, _ text: inout String) -> Bool {
        guard let bytes = sqlite3_column_text(statement, index) else { return false }
        let count = Int(sqlite3_column_bytes(statement, index))
        return text.withUTF8 { own in
            own.count == count && (count == 0 || own.baseAddress.map { memcmp(bytes, $0, count) == 0 } ?? false)
        }
    }

    func requiredText(_ index: Int32, _ what: @autoclosure () -> String) throws -> String {
        guard let value = text(index) else { throw StoreError.corrupt("\(what()): column \(index) is NULL") }
        return value
    }

    func requiredInt(_ index: Int32, _ what: @autoclosure () -> String) throws -> Int64 {
        guard let value = int(index) else { throw StoreError.corrupt("\(what()): column \(index) is NULL") }
        return value
    }
}

extension Array {
    func isSorted<T: Comparable>(by key: (Element) -> T) -> Bool {
        zip(self, dropFirst()).allSatisfy { key($0) <= key($1) }
    }
}
