/// `${NAME}` and `${NAME:-default}` references to environment variables, as in shell scripts,
/// so deployments can point actions at their own services.
enum EnvironmentTemplate {
    struct Failure: Error {
        var message: String
    }

    /// `text` with each reference replaced by the variable's value, or its default when the
    /// variable is unset or empty (as `:-` does in the shell).
    static func resolve(_ text: String, environment: [String: String]) throws(Failure) -> String {
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.range(of: "${") {
            output += rest[..<dollar.lowerBound]
            let inside = rest[dollar.upperBound...]
            guard let close = inside.firstIndex(of: "}") else {
                throw Failure(message: "unclosed '${': expected ${NAME} or ${NAME:-default}")
            }
            let reference = inside[..<close]
            let name: Substring, fallback: Substring?
            if let separator = reference.range(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard isVariableName(name) else {
                throw Failure(message: "expected an environment variable name (letters, digits, '_') in ${\(reference)}")
            }
            if let value = environment[String(name)], !value.isEmpty {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                throw Failure(message: "environment variable \(name) is not set and ${\(name)} has no default: "
                    + "expected ${\(name):-default} or the variable set")
            }
            rest = inside[inside.index(after: close)...]
        }
        return output + rest
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
