import Foundation

extension PatternBudget {
    /// The first match of `regex` in `text`, searched under this budget.
    ///
    /// Domain patterns also run outside entity recognition (a form step's validation, a
    /// slot's canonical template); they get the same protection, so no path runs a
    /// customer's text through a domain pattern without a limit. `nil` when there is no
    /// match or the budget ran out first.
    public func firstMatch(of regex: NSRegularExpression, in text: String) -> NSTextCheckingResult? {
        let deadline = now() &+ nanoseconds
        let clock = now
        // The block is escaping in swift-corelibs-foundation, so it fills a box.
        final class First { var match: NSTextCheckingResult? }
        let first = First()
        let range = NSRange(text.startIndex..., in: text)
        regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { match, _, stop in
            if let match {
                first.match = match
                stop.pointee = true
            } else if clock() >= deadline {
                stop.pointee = true
            }
        }
        return first.match
    }

    /// `template` ("A-$1") applied to the first match of `regex` in `text`, under this budget.
    public func replacement(of regex: NSRegularExpression, in text: String, template: String) -> String? {
        guard let match = firstMatch(of: regex, in: text) else { return nil }
        return regex.replacementString(for: match, in: text, offset: 0, template: template)
    }
}
