import Foundation
import FrontlineML

/// Parses Rasa's inline entity annotations:
///
/// - `[text](entity)` and the older `[text](entity:value)`;
/// - `[text]{"entity": "city", "value": "Berlin", "role": "departure", "group": "1"}`;
/// - `[text][{"entity": "a"}, {"entity": "b"}]` (several entities on one span).
///
/// As in Rasa, brackets that are not followed by `(`, `{` or `[` are plain text. Offsets are
/// Unicode-scalar offsets into the text without the annotations, like `SlotSpan`'s.
enum RasaAnnotation {
    struct Entity: Equatable {
        var entity: String
        var start: Int
        var end: Int
        var value: String?
        var role: String?
        var group: String?
        /// Further entities annotated on the same span (list form); Frontline keeps one.
        var extra: [String] = []
    }

    struct Malformed: Error, Equatable {
        var message: String
    }

    static func parse(_ example: String) throws(Malformed) -> (text: String, entities: [Entity]) {
        let scalars = Array(example.unicodeScalars)
        var text = String.UnicodeScalarView()
        var length = 0
        var entities: [Entity] = []
        var i = 0
        func fail(_ what: String, at index: Int) -> Malformed {
            Malformed(message: "\(what) at character \(index + 1) of \"\(example)\"")
        }
        func find(_ target: Unicode.Scalar, from start: Int) -> Int? {
            var k = start
            while k < scalars.count {
                if scalars[k] == target { return k }
                k += 1
            }
            return nil
        }
        while i < scalars.count {
            guard scalars[i] == "[", let close = find("]", from: i + 1), close + 1 < scalars.count,
                  ["(", "{", "["].contains(scalars[close + 1]) else {
                text.append(scalars[i])
                length += 1
                i += 1
                continue
            }
            let raw = String.UnicodeScalarView(scalars[(i + 1)..<close])
            // "[a [b](x)": the inner bracket starts the annotation, the outer one is text.
            if raw.contains("[") {
                text.append(scalars[i])
                length += 1
                i += 1
                continue
            }
            guard !String(raw).trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("empty annotated text: expected text between '[' and ']'", at: i)
            }
            let opener = scalars[close + 1]
            let closer: Unicode.Scalar = opener == "(" ? ")" : opener == "{" ? "}" : "]"
            guard let end = find(closer, from: close + 2) else {
                throw fail("unclosed '\(opener)' after ']': expected '\(closer)'", at: close + 1)
            }
            let inner = String(String.UnicodeScalarView(scalars[(close + 2)..<end]))
            var entity: Entity
            switch opener {
            case "(":
                entity = try shorthand(inner, fail: { fail($0, at: close + 1) })
            case "{":
                entity = try dictionary("{" + inner + "}", fail: { fail($0, at: close + 1) })
            default:
                let list = try dictionaries("[" + inner + "]", fail: { fail($0, at: close + 1) })
                entity = list[0]
                entity.extra = list.dropFirst().map(\.entity)
            }
            entity.start = length
            text.append(contentsOf: raw)
            length += raw.count
            entity.end = length
            entities.append(entity)
            i = end + 1
        }
        return (String(text), entities)
    }

    /// `entity` or `entity:value`.
    private static func shorthand(_ inner: String, fail: (String) -> Malformed) throws(Malformed) -> Entity {
        var name = inner
        var value: String?
        if let colon = inner.firstIndex(of: ":") {
            name = String(inner[..<colon])
            let rest = inner[inner.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !rest.isEmpty else { throw fail("empty value after ':': expected (entity:value)") }
            value = rest
        }
        name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(where: \.isWhitespace) else {
            throw fail("expected an entity name in (entity) or (entity:value) but found \"(\(inner))\"")
        }
        return Entity(entity: name, start: 0, end: 0, value: value)
    }

    private static func dictionary(_ json: String, fail: (String) -> Malformed) throws(Malformed) -> Entity {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw fail("expected a JSON object such as {\"entity\": \"city\", \"value\": \"Berlin\"} but found \(json)")
        }
        return try entity(object, json: json, fail: fail)
    }

    private static func dictionaries(_ json: String, fail: (String) -> Malformed) throws(Malformed) -> [Entity] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any], !list.isEmpty else {
            throw fail("expected a JSON list of entity objects such as [{\"entity\": \"city\"}] but found \(json)")
        }
        var result: [Entity] = []
        for element in list {
            guard let object = element as? [String: Any] else {
                throw fail("expected a JSON list of entity objects but found \(json)")
            }
            result.append(try entity(object, json: json, fail: fail))
        }
        return result
    }

    private static func entity(_ object: [String: Any], json: String, fail: (String) -> Malformed) throws(Malformed) -> Entity {
        guard let name = (object["entity"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw fail("expected an \"entity\" name in \(json)")
        }
        func text(_ key: String) -> String? {
            switch object[key] {
            case let string as String: string.isEmpty ? nil : string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
        return Entity(entity: name, start: 0, end: 0, value: text("value"), role: text("role"), group: text("group"))
    }
}
