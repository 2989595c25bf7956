import Foundation
import Yams

/// Typed access to composed YAML for the domain and KB readers: every mismatch becomes a
/// `DataError` naming the file, the node's line and what was expected.
struct YAMLNodes {
    let file: String
    /// Added to Yams' 1-based lines when the YAML sits inside a larger file (KB front matter).
    var lineOffset = 0

    /// One key of a mapping with its value; `line` is the key's line.
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    func line(_ node: Node?) -> Int? {
        node?.mark.map { $0.line + lineOffset }
    }

    func error(_ node: Node?, _ message: String) -> DataError {
        DataError(file: file, line: line(node), message: message)
    }

    func error(line: Int?, _ message: String) -> DataError {
        DataError(file: file, line: line, message: message)
    }

    func compose(_ yaml: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw dataError(from: error)
        }
    }

    // MARK: Mappings

    /// The mapping's entries in file order. With `allowed`, any other key is an error that
    /// lists the allowed keys and suggests the closest one.
    func entries(_ node: Node, _ what: String, allowed: [String]? = nil) throws -> [Entry] {
        guard let mapping = node.mapping else {
            throw error(node, "expected \(what) to be a mapping but found \(Self.describe(node))")
        }
        return try mapping.map { key, value in
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw error(key, "expected a name as key in \(what) but found \(Self.describe(key))")
            }
            if let allowed, !allowed.contains(name) {
                throw error(key, "unknown key '\(name)' in \(what)\(DidYouMean.hint(for: name, among: allowed)): "
                    + "expected \(Self.list(allowed))")
            }
            return Entry(key: name, keyNode: key, value: value)
        }
    }

    /// Like `entries` but null (`key:` with nothing after it) means an empty mapping.
    func optionalEntries(_ node: Node, _ what: String, allowed: [String]? = nil) throws -> [Entry] {
        Self.isNull(node) ? [] : try entries(node, what, allowed: allowed)
    }

    // MARK: Scalars

    /// A non-empty string (numbers and booleans are taken as written).
    func string(_ node: Node, _ what: String) throws -> String {
        guard let scalar = node.scalar, !Self.isNull(node) else {
            // "Follow it here: {url}" unquoted is a one-key mapping in YAML, a common surprise.
            let hint = node.mapping?.count == 1 ? " (a ': ' in unquoted text starts a mapping: put the text in quotes)" : ""
            throw error(node, "expected \(what) to be text but found \(Self.describe(node))\(hint)")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw error(node, "expected \(what) to be text but found nothing")
        }
        return text
    }

    /// A name used as a reference: non-empty, no whitespace.
    func name(_ node: Node, _ what: String) throws -> String {
        let text = try string(node, what)
        guard !text.contains(where: \.isWhitespace) else {
            throw error(node, "expected \(what) to be a name without spaces but found \"\(text)\"")
        }
        return text
    }

    /// One string or a list of them, each non-empty, with their lines.
    func strings(_ node: Node, _ what: String, allowEmpty: Bool = false) throws -> [(text: String, line: Int?)] {
        if node.sequence == nil, node.mapping == nil {
            return [(try string(node, what), line(node))]
        }
        let items = try list(node, what)
        guard allowEmpty || !items.isEmpty else {
            throw error(node, "expected \(what) to have at least one entry but found an empty list")
        }
        return try items.map { (try string($0, "each entry of \(what)"), line($0)) }
    }

    /// Names as a list (a single name is accepted as a list of one).
    func names(_ node: Node, _ what: String) throws -> [(text: String, line: Int?)] {
        if node.sequence == nil, node.mapping == nil {
            return [(try name(node, what), line(node))]
        }
        return try list(node, what).map { (try name($0, "each entry of \(what)"), line($0)) }
    }

    func list(_ node: Node, _ what: String) throws -> [Node] {
        guard let sequence = node.sequence else {
            throw error(node, "expected \(what) to be a list but found \(Self.describe(node))")
        }
        return Array(sequence)
    }

    func bool(_ node: Node, _ what: String) throws -> Bool {
        guard node.scalar != nil, !Self.isNull(node), let value = node.bool else {
            throw error(node, "expected \(what) to be true or false but found \(Self.describe(node))")
        }
        return value
    }

    func int(_ node: Node, _ what: String, in range: ClosedRange<Int>) throws -> Int {
        guard node.scalar != nil, !Self.isNull(node), let value = node.int else {
            throw error(node, "expected \(what) to be a whole number from \(range.lowerBound) to \(range.upperBound) but found \(Self.describe(node))")
        }
        guard range.contains(value) else {
            throw error(node, "expected \(what) to be from \(range.lowerBound) to \(range.upperBound) but found \(value)")
        }
        return value
    }

    func double(_ node: Node, _ what: String, in range: ClosedRange<Double>) throws -> Double {
        guard node.scalar != nil, !Self.isNull(node), let value = node.float, value.isFinite else {
            throw error(node, "expected \(what) to be a number from \(range.lowerBound) to \(range.upperBound) but found \(Self.describe(node))")
        }
        guard range.contains(value) else {
            throw error(node, "expected \(what) to be from \(range.lowerBound) to \(range.upperBound) but found \(value)")
        }
        return value
    }

    // MARK: Descriptions

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        // Only plain scalars can be null: a quoted "" or "null" is text.
        return scalar.style == .plain && node.null != nil
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): isNull(node) || scalar.string.isEmpty ? "nothing" : "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// "'a', 'b' or 'c'".
    static func list(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "nothing" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    private func dataError(from yamlError: YamlError) -> DataError {
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let while_ = context.map { "\($0.text) (line \($0.mark.line + lineOffset)): " } ?? ""
            return error(line: mark.line + lineOffset, "invalid YAML: \(while_)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return error(line: context.mark.line + lineOffset,
                         "invalid YAML: duplicate key(s) \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return error(line: nil, "invalid YAML: \(yamlError)")
        }
    }
}

extension Array where Element == YAMLNodes.Entry {
    /// The entry under `key`, if the mapping has one (the parsers check unknown and duplicate keys first).
    func field(_ key: String) -> YAMLNodes.Entry? { first { $0.key == key } }
}
