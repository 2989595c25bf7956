import Foundation
import Synchronization

/// A JSON encoder for the message path: compact output with sorted keys, written in one
/// pass over a small tree instead of Foundation's boxed values and dynamic casts.
///
/// Every stored document (state, parse, reply details) and every API response is encoded
/// once per message; with Foundation's `JSONEncoder` that was the largest single cost of
/// a turn after SQLite. The output is what `JSONEncoder` with the same options writes,
/// apart from key order among keys that differ only in case or digits (this one sorts by
/// UTF-8 bytes) and the spelling of some floating-point numbers (Swift's shortest
/// round-trip form); any JSON decoder reads both alike.
///
/// Supported like `JSONEncoder`: `Date` (milliseconds since 1970 or ISO 8601), `URL` (its
/// absolute string), `Data` (Base64), `Decimal` (a number), snake-case key conversion
/// (never applied to `[String: …]` dictionary keys), and `encodeNil` as `null`.
/// Non-finite numbers throw `EncodingError.invalidValue`.
public struct CompactJSONEncoder: Sendable {
    public enum DateStrategy: Sendable { case millisecondsSince1970, iso8601 }
    public enum KeyStrategy: Sendable { case useDefaultKeys, convertToSnakeCase }

    public var dates: DateStrategy
    public var keys: KeyStrategy

    public init(dates: DateStrategy = .millisecondsSince1970, keys: KeyStrategy = .useDefaultKeys) {
        self.dates = dates
        self.keys = keys
    }

    public func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encodeBytes(value), as: UTF8.self)
    }

    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        try JSONTree.node(for: value, options: self).write(to: &output)
        return output
    }
}

/// The encoded value while containers are still being filled in.
private enum JSONNode {
    /// A number, `true`, `false` or `null`, in JSON syntax.
    case scalar(String)
    /// A string, escaped as it is written.
    case string(String)
    case container(JSONContainer)

    func write(to output: inout [UInt8]) {
        switch self {
        case .scalar(let text): output.append(contentsOf: text.utf8)
        case .string(let text): JSONTree.appendString(text, to: &output)
        case .container(let container): container.write(to: &output)
        }
    }
}

/// An object or array under construction: nested containers and encoders write into it
/// after it has been handed to its parent, so it is a reference.
private final class JSONContainer {
    let isObject: Bool
    var keys: [String] = []
    var values: [JSONNode] = []

    init(isObject: Bool) {
        self.isObject = isObject
    }

    func write(to output: inout [UInt8]) {
        guard isObject else {
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
            return
        }
        output.append(UInt8(ascii: "{"))
        // Stable sort by key; for a key written twice the last value wins, as in JSONEncoder.
        let keys = self.keys
        let order = keys.indices.sorted { a, b in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
        var first = true
        for (position, index) in order.enumerated() {
            if position + 1 < order.count, keys[order[position + 1]] == keys[index] { continue }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONTree.appendString(keys[index], to: &output)
            output.append(UInt8(ascii: ":"))
            values[index].write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

/// `[String: V]`: its keys are data, not property names, so they are never converted.
private protocol StringKeyedDictionary {
    func encodeEntries(into container: JSONContainer, options: CompactJSONEncoder) throws
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {
    fileprivate func encodeEntries(into container: JSONContainer, options: CompactJSONEncoder) throws {
        for (key, value) in self {
            container.keys.append(key)
            container.values.append(try JSONTree.node(for: value, options: options))
        }
    }
}

private enum JSONTree {
    static func node<T: Encodable>(for value: T, options: CompactJSONEncoder) throws -> JSONNode {
        // The common scalars first, told apart by type (cheap) before any cast.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .scalar(String(value as! Int)) }
        if T.self == Bool.self { return .scalar((value as! Bool) ? "true" : "false") }
        if T.self == Double.self { return .scalar(try number(value as! Double)) }
        if T.self == Date.self { return date(value as! Date, options: options) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Decimal.self { return .scalar((value as! Decimal).description) }
        if let dictionary = value as? StringKeyedDictionary {
            let container = JSONContainer(isObject: true)
            try dictionary.encodeEntries(into: container, options: options)
            return .container(container)
        }
        let encoder = TreeEncoder(options: options)
        try value.encode(to: encoder)
        // Encodable types that encode nothing: JSONEncoder writes an empty object.
        return encoder.node ?? .container(JSONContainer(isObject: true))
    }

    static func number(_ value: Double) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    static func date(_ date: Date, options: CompactJSONEncoder) -> JSONNode {
        switch options.dates {
        case .millisecondsSince1970:
            // As JSONEncoder: a floating-point number of milliseconds.
            return .scalar((try? number(date.timeIntervalSince1970 * 1000)) ?? "0")
        case .iso8601:
            return .string(date.formatted(.iso8601))
        }
    }

    /// `"…"` with JSON escapes; `/` and non-ASCII are written as they are. Works on
    /// UTF-8 bytes: every byte of a multi-byte character is ≥ 0x80, so never escaped.
    static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\\")); output.append(byte)
            case UInt8(ascii: "\\"): output.append(byte); output.append(byte)
            case 0x20...: output.append(byte)
            case UInt8(ascii: "\n"): output.append(UInt8(ascii: "\\")); output.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): output.append(UInt8(ascii: "\\")); output.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): output.append(UInt8(ascii: "\\")); output.append(UInt8(ascii: "t"))
            case 0x08: output.append(UInt8(ascii: "\\")); output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "\\")); output.append(UInt8(ascii: "f"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `camelCase` → `camel_case`, splitting words as JSONEncoder's `convertToSnakeCase`
    /// does: a word ends before each capital, and a run of capitals followed by a
    /// lowercase letter is a word of its own up to the capital before that letter.
    /// Leading and trailing underscores stay.
    static func snakeCase(_ key: String) -> String {
        // Most keys have no capital at all; the others are few and come back every
        // message (they are property names), so their conversion is remembered.
        if key.utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) { return key }
        return SnakeCaseCache.shared.converted(key, convert: convertToSnakeCase)
    }

    private static func convertToSnakeCase(_ key: String) -> String {
        guard key.unicodeScalars.contains(where: { $0.properties.isUppercase }) else { return key }
        let characters = Array(key)
        guard let first = characters.firstIndex(where: { $0 != "_" }) else { return key }
        let end = characters.lastIndex(where: { $0 != "_" })! + 1
        func next(from start: Int, _ test: (Character) -> Bool) -> Int? {
            (start..<end).first { test(characters[$0]) }
        }
        var words: [Range<Int>] = []
        var wordStart = first
        var searchFrom = first + 1
        while searchFrom < end, let upper = next(from: searchFrom, { $0.isUppercase }) {
            words.append(wordStart..<upper)
            guard let lower = next(from: upper, { $0.isLowercase }) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchFrom = lower + 1
        }
        words.append(wordStart..<end)
        return String(characters[..<first])
            + words.map { String(characters[$0]).lowercased() }.joined(separator: "_")
            + String(characters[end...])
    }
}

/// Snake-case forms of the keys seen so far (bounded: past the limit, conversions are
/// simply not remembered).
private final class SnakeCaseCache: Sendable {
    static let shared = SnakeCaseCache()
    private let known = Mutex<[String: String]>([:])

    func converted(_ key: String, convert: (String) -> String) -> String {
        if let known = known.withLock({ $0[key] }) { return known }
        // Converted outside the lock: a key seen twice at once is converted twice, harmlessly.
        let result = convert(key)
        known.withLock { known in
            if known.count < 4096 { known[key] = result }
        }
        return result
    }
}

/// The `Encoder` a value's `encode(to:)` writes into.
private final class TreeEncoder: Encoder {
    let options: CompactJSONEncoder
    var node: JSONNode?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(options: CompactJSONEncoder) {
        self.options = options
    }

    /// The container this encoder's value is, created on first use.
    func container(isObject: Bool) -> JSONContainer {
        if case .container(let existing) = node, existing.isObject == isObject { return existing }
        let container = JSONContainer(isObject: isObject)
        node = .container(container)
        return container
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(container: container(isObject: true), options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(container: container(isObject: false), options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }
}

/// Where a nested encoder (`superEncoder`) puts its value once it has one.
private final class DeferredEncoder: Encoder {
    let inner: TreeEncoder
    let finish: (JSONNode) -> Void
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(options: CompactJSONEncoder, finish: @escaping (JSONNode) -> Void) {
        inner = TreeEncoder(options: options)
        self.finish = finish
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let result = inner.container(keyedBy: type)
        if let node = inner.node { finish(node) }
        return result
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let result = inner.unkeyedContainer()
        if let node = inner.node { finish(node) }
        return result
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: inner) { [finish] node in finish(node) }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let container: JSONContainer
    let options: CompactJSONEncoder
    var codingPath: [any CodingKey] { [] }

    private func name(_ key: Key) -> String {
        options.keys == .convertToSnakeCase ? JSONTree.snakeCase(key.stringValue) : key.stringValue
    }

    private func add(_ key: Key, _ node: JSONNode) {
        container.keys.append(name(key))
        container.values.append(node)
    }

    mutating func encodeNil(forKey key: Key) throws { add(key, .scalar("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, .scalar(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(key, .scalar(try JSONTree.number(value))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(key, .scalar(try JSONTree.number(Double(value)))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, .scalar(String(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(key, try JSONTree.node(for: value, options: options))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONContainer(isObject: true)
        add(key, .container(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(container: nested, options: options))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONContainer(isObject: false)
        add(key, .container(nested))
        return UnkeyedContainer(container: nested, options: options)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: name(key)) }

    private func superEncoder(named name: String) -> any Encoder {
        let container = self.container
        container.keys.append(name)
        container.values.append(.scalar("{}"))
        let slot = container.values.count - 1
        return DeferredEncoder(options: options) { node in container.values[slot] = node }
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let container: JSONContainer
    let options: CompactJSONEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { container.values.count }

    private func add(_ node: JSONNode) { container.values.append(node) }

    mutating func encodeNil() throws { add(.scalar("null")) }
    mutating func encode(_ value: Bool) throws { add(.scalar(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(.scalar(try JSONTree.number(value))) }
    mutating func encode(_ value: Float) throws { add(.scalar(try JSONTree.number(Double(value)))) }
    mutating func encode(_ value: Int) throws { add(.scalar(String(value))) }
    mutating func encode(_ value: Int64) throws { add(.scalar(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { add(try JSONTree.node(for: value, options: options)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONContainer(isObject: true)
        add(.container(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(container: nested, options: options))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONContainer(isObject: false)
        add(.container(nested))
        return UnkeyedContainer(container: nested, options: options)
    }

    mutating func superEncoder() -> any Encoder {
        let container = self.container
        container.values.append(.scalar("{}"))
        let slot = container.values.count - 1
        return DeferredEncoder(options: options) { node in container.values[slot] = node }
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var finish: ((JSONNode) -> Void)?
    var codingPath: [any CodingKey] { [] }

    init(encoder: TreeEncoder, finish: ((JSONNode) -> Void)? = nil) {
        self.encoder = encoder
        self.finish = finish
    }

    private func set(_ node: JSONNode) {
        encoder.node = node
        finish?(node)
    }

    mutating func encodeNil() throws { set(.scalar("null")) }
    mutating func encode(_ value: Bool) throws { set(.scalar(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.scalar(try JSONTree.number(value))) }
    mutating func encode(_ value: Float) throws { set(.scalar(try JSONTree.number(Double(value)))) }
    mutating func encode(_ value: Int) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: Int8) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: Int16) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: Int32) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: UInt) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: UInt8) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: UInt16) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: UInt32) throws { set(.scalar(String(value))) }
    mutating func encode(_ value: UInt64) throws { set(.scalar(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try JSONTree.node(for: value, options: encoder.options)) }
}
