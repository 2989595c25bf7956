import Foundation

/// Turns other frameworks' names into names Frontline accepts, and the texts importers
/// generate where the source has nothing Frontline requires.
enum ImportNames {
    /// Names the engine fills itself, which slots may not take.
    static let reservedSlotNames: Set<String> = Set(ResponseVariables.names + ["result"])

    /// A slot name: letters, digits and '_', starting with a letter, not reserved.
    static func slot(_ name: String) -> String {
        var result = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if result.first.map({ !($0.isASCII && $0.isLetter) }) ?? true { result = "s_" + result }
        if reservedSlotNames.contains(result) { result += "_slot" }
        return result
    }

    /// An intent name: no whitespace (it is a YAML key and a label).
    static func intent(_ name: String) -> String {
        String(name.map { $0.isWhitespace ? "_" : $0 })
    }

    /// "delivery_address" → "delivery address".
    static func words(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
    }

    static func defaultAsk(_ slot: String) -> String { "Could you tell me the \(words(slot))?" }

    static func defaultInvalid(_ slot: String) -> String {
        "Sorry, that doesn't look like a valid \(words(slot)). Could you try again?"
    }

    /// `{name}` placeholders whose name `known` does not map become literal braces (`{{name}}`),
    /// so the text loads; each one is returned for the report.
    static func placeholders(in text: String, map: (String) -> String?) -> (text: String, unknown: [String]) {
        var out = ""
        var unknown: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            out += rest[..<open]
            if rest[open] == "}" {
                out += "}}"
                rest = rest[rest.index(after: open)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: "}") else {
                out += "{{"
                rest = rest[rest.index(after: open)...]
                continue
            }
            let name = String(rest[rest.index(after: open)..<close])
            if let mapped = map(name) {
                out += "{\(mapped)}"
            } else {
                out += "{{\(name)}}"
                unknown.append(name)
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return (out, unknown)
    }
}
