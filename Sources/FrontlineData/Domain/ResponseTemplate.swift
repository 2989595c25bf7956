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
    @discardableResult
    private static func scan(_ template: String, replace: (Placeholder) -> String) throws(SyntaxError) -> String {
        let characters = Array(template)
        var output = ""
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let next = i + 1 < characters.count ? characters[i + 1] : nil
            if c == "{", next == "{" {
                output.append("{")
                i += 2
            } else if c == "}", next == "}" {
                output.append("}")
                i += 2
            } else if c == "}" {
                throw SyntaxError(message: "unmatched '}': expected '}}' for a literal brace", offset: i)
            } else if c == "{" {
                guard let close = characters[(i + 1)...].firstIndex(of: "}") else {
                    throw SyntaxError(message: "unclosed '{': expected '{name}', or '{{' for a literal brace", offset: i)
                }
                let name = String(characters[(i + 1)..<close])
                guard isPlaceholderName(name) else {
                    throw SyntaxError(
                        message: "expected a placeholder name such as {order_number} or {result.status} but found \"{\(name)}\"",
                        offset: i)
                }
                output += replace(Placeholder(name: name, offset: i))
                i = close + 1
            } else {
                output.append(c)
                i += 1
            }
        }
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
