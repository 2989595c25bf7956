import Foundation

/// An entity the domain declares by a regular expression, e.g.
/// `PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#)`.
///
/// Matches count only at word boundaries: not preceded or followed by a letter,
/// digit or underscore, so `\d{5}` does not match inside "123456". The syntax is
/// ICU's (`NSRegularExpression`).
public struct PatternEntity: Sendable, Hashable, Codable {
    /// The entity kind reported for matches; must not be a built-in kind's name.
    public var name: String
    /// An ICU regular expression, without anchors or word boundaries (they are added).
    public var pattern: String
    /// Ignore letter case when matching.
    public var caseInsensitive: Bool

    /// A declaration; it is checked and compiled by `BuiltinEntityRecognizer.init`.
    public init(name: String, pattern: String, caseInsensitive: Bool = false) {
        self.name = name
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }
}

/// Why a declared pattern entity was refused.
public struct PatternEntityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the declaration.
    public enum Reason: Sendable, Hashable {
        case emptyName
        /// Two pattern entities share the name.
        case duplicateName
        /// The name is a built-in kind ("date", "number"…).
        case reservedName
        case emptyPattern
        /// The expression does not compile; the regular-expression engine's explanation.
        case invalidExpression(String)
        /// The expression matches the empty string, which would tag nothing.
        case matchesEmptyText
        /// The expression can take exponential time on a long message; `PatternSafety`'s explanation.
        case catastrophicBacktracking(String)
    }

    /// The refused declaration's name and pattern, to point at it in the domain file.
    public var name: String
    public var pattern: String
    public var reason: Reason

    /// An error about the declaration `name` = `pattern`.
    public init(name: String, pattern: String, reason: Reason) {
        self.name = name
        self.pattern = pattern
        self.reason = reason
    }

    /// One line naming the pattern entity and what is wrong with it.
    public var description: String {
        let subject = "pattern entity '\(name)' (\(pattern))"
        switch reason {
        case .emptyName: return "pattern entity with pattern \(pattern): the name is empty"
        case .duplicateName: return "\(subject): another pattern entity has the same name"
        case .reservedName: return "\(subject): '\(name)' is a built-in entity kind; choose another name"
        case .emptyPattern: return "pattern entity '\(name)': the pattern is empty"
        case .invalidExpression(let why): return "\(subject): invalid regular expression: \(why)"
        case .matchesEmptyText: return "\(subject): the pattern matches empty text"
        case .catastrophicBacktracking(let why): return "\(subject): \(why)"
        }
    }
}

/// A pattern entity compiled once, with word boundaries around it.
///
/// `NSRegularExpression` is immutable and documented as safe to use from several
/// threads at once, which is what `@unchecked Sendable` asserts here.
final class CompiledPattern: @unchecked Sendable {
    let entity: PatternEntity
    let regex: NSRegularExpression

    init(_ entity: PatternEntity) throws(PatternEntityError) {
        func fail(_ reason: PatternEntityError.Reason) -> PatternEntityError {
            PatternEntityError(name: entity.name, pattern: entity.pattern, reason: reason)
        }
        guard !entity.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(.emptyName) }
        guard !EntityKind(entity.name).isBuiltin else { throw fail(.reservedName) }
        guard !entity.pattern.isEmpty else { throw fail(.emptyPattern) }
        let options: NSRegularExpression.Options = entity.caseInsensitive ? [.caseInsensitive] : []
        // Compiled alone first so an error names the user's expression, not the wrapper.
        let bare: NSRegularExpression
        do {
            bare = try NSRegularExpression(pattern: entity.pattern, options: options)
        } catch {
            throw fail(.invalidExpression(Self.explain(entity.pattern, error)))
        }
        if bare.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil {
            throw fail(.matchesEmptyText)
        }
        if let why = PatternSafety.problem(in: entity.pattern) { throw fail(.catastrophicBacktracking(why)) }
        do {
            regex = try NSRegularExpression(
                pattern: #"(?<![\p{L}\p{N}_])(?:"# + entity.pattern + #")(?![\p{L}\p{N}_])"#, options: options)
        } catch {
            throw fail(.invalidExpression(Self.explain(entity.pattern, error)))
        }
        self.entity = entity
    }

    /// What is wrong, in words. Foundation on Linux only says "the value is invalid",
    /// so Swift's own regex parser, whose syntax is close to ICU's, is asked to
    /// explain ("expected ']'"); Foundation's text is the fallback.
    private static func explain(_ pattern: String, _ error: any Error) -> String {
        do {
            _ = try Regex(pattern)
        } catch {
            return String(describing: error)
        }
        return (error as NSError).localizedDescription
    }
}
