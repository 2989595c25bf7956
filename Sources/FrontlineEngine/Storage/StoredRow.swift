import Foundation

/// A stored row read by column name, whatever the database: each store's row reader gives
/// the four primitive reads, and the decoding of stored values (times in milliseconds,
/// enumerations by raw value, JSON documents) is written once here, with one wording for
/// what is corrupt (`StoreError.corrupt`, naming the record and the column).
public protocol StoredRow {
    /// Names the record in errors ("message c1#3").
    var what: String { get }
    func string(_ column: String) throws -> String
    func optionalString(_ column: String) throws -> String?
    func int64(_ column: String) throws -> Int64
    func optionalInt64(_ column: String) throws -> Int64?
}

extension StoredRow {
    public func date(_ column: String) throws -> Date {
        StoreClock.date(milliseconds: try int64(column))
    }

    public func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map { StoreClock.date(milliseconds: $0) }
    }

    public func enumeration<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string(column)
        guard let parsed = E(rawValue: raw) else {
            throw StoreError.corrupt("\(what): column \(column): unknown value \(raw)")
        }
        return parsed
    }

    public func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try StoreJSON.decode(T.self, from: try string(column), what: "\(what): column \(column)")
    }

    public func optionalJSON<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        guard let text = try optionalString(column) else { return nil }
        return try StoreJSON.decode(T.self, from: text, what: "\(what): column \(column)")
    }
}
