import FrontlineEngine

/// The FTS5 form of a knowledge-base query.
extension KBQuery {
    /// `"a" OR "b" OR …`: matches articles containing any term.
    var anyTermExpression: String {
        terms.map(Self.quoted).joined(separator: " OR ")
    }

    /// An FTS5 string: the term between double quotes, inner quotes doubled. The
    /// splitting above leaves no quotes, but quoting stays correct without that.
    static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
