/// Placeholders in response texts, form questions and action URLs: `{order_number}`,
/// `{result.status}`. `{{` and `}}` stand for literal braces.
public enum ResponseTemplate {
    public struct Placeholder: Sendable, Hashable {
        /// The name between the braces: a slot, a known variable or `result.<field>`.
        public var name: String
        /// Character offset of the opening brace in the template.
        public var offset: Int
    }

    public struct SyntaxError: Error, Sendable, Equatable {
        public var message: String
        /// Character offset of the offending brace.
        public var offset: Int
    }

    /// The placeholders in `template`, in order.
    public static func placeholders(in template: String) throws(SyntaxError) -> [Placeholder] {
        var result: [Placeholder] = []
        try scan(template) { placeholder in result.append(placeholder); return "" }
        return result
    }

    /// The template with every placeholder replaced, or nil when one has no value or the
    /// template is malformed (the engine then tries another variant).
    public static func render(_ template: String, value: (String) -> String?) -> String? {
        var missing = false
        let text = try? scan(template) { placeholder in
            guard let replacement = value(placeholder.name) else {
                missing = true
                return ""
            }
            return replacement
        }
        return missing ? nil : text
    }

    /// Walks the template once, calling `replace` for each placeholder; returns the rendered text.
    ///
    /// Works on UTF-8 bytes (the braces are ASCII, so they never fall inside a multi-byte
    /// character): this runs for every reply the bot sends, and walking Characters made
    /// it a visible share of a turn. Offsets in errors are still Character offsets.
    @discardableResult
    private static func scan(_ template: String, replace: (Placeholder) -> String) throws(SyntaxError) -> String {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        let bytes = template.utf8
        guard bytes.contains(where: { $0 == open || $0 == close }) else { return template }
        let scalars = template.unicodeScalars
        func offset(_ index: String.Index) -> Int { template.distance(from: template.startIndex, to: index) }
        // Slices by scalar: a brace may sit next to a combining mark, inside a Character.
        func text(_ range: Range<String.Index>) -> String { String(scalars[range]) }
        var output = ""
        output.reserveCapacity(bytes.count)
        var literalStart = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            guard c == open || c == close else {
                i = bytes.index(after: i)
                continue
            }
            output += text(literalStart..<i)
            let after = bytes.index(after: i)
            if after < bytes.endIndex, bytes[after] == c {
                // `{{` or `}}`: one literal brace.
                output += c == open ? "{" : "}"
                i = bytes.index(after: after)
            } else if c == close {
                throw SyntaxError(message: "unmatched '}': expected '}}' for a literal brace", offset: offset(i))
            } else {
                guard let end = bytes[after...].firstIndex(of: close) else {
                    throw SyntaxError(message: "unclosed '{': expected '{name}', or '{{' for a literal brace", offset: offset(i))
                }
                let name = text(after..<end)
                guard isPlaceholderName(name) else {
                    throw SyntaxError(
                        message: "expected a placeholder name such as {order_number} or {result.status} but found \"{\(name)}\"",
                        offset: offset(i))
                }
                output += replace(Placeholder(name: name, offset: offset(i)))
                i = bytes.index(after: end)
            }
            literalStart = i
        }
        output += text(literalStart..<bytes.endIndex)
        return output
    }

    /// `name` or `name.field.field`, each part letters, digits and underscores, not starting with a digit.
    static func isPlaceholderName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLetter || first == "_" else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
    }
}
