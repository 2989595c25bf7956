import Foundation

/// Flattens a JSON object into `field` / `field.sub` → text, for `{result.<field>}` placeholders.
enum JSONFlattening {
    /// Nil when `data` is not a JSON object.
    static func flatten(_ data: Data) -> [String: String]? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        var out: [String: String] = [:]
        add(.object(object), prefix: "", into: &out)
        return out
    }

    private static func add(_ value: JSONValue, prefix: String, into out: inout [String: String]) {
        switch value {
        case .object(let object):
            for (key, inner) in object {
                add(inner, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &out)
            }
        case .array(let items):
            if !prefix.isEmpty { out[prefix] = items.compactMap(\.scalarText).joined(separator: ", ") }
        default:
            if !prefix.isEmpty, let text = value.scalarText { out[prefix] = text }
        }
    }
}

/// Any JSON value; decoding it keeps booleans and numbers apart on every platform.
private indirect enum JSONValue: Decodable {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: nil
        }
    }
}
