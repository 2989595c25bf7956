/// Values the engine supplies to response placeholders besides slots, and where they exist.
enum ResponseVariables {
    /// On handoff (the acknowledgement, a human-only intent's response).
    static let handoff = ["wait_minutes", "queue_position"]
    /// When presenting a knowledge-base article (`kb.answer`, `kb.follow_up`).
    static let article = ["article_title", "article_summary", "article_url"]
    /// `{result.<field>}`: a field of an action's JSON result, after the action succeeded.
    static let resultPrefix = "result."

    static let names = handoff + article

    /// Whether `name` may appear in a response used in `context`.
    static func isAvailable(_ name: String, in context: ResponseUse.Context) -> Bool {
        if handoff.contains(name) { return context == .handoff }
        if article.contains(name) { return context == .article }
        if name.hasPrefix(resultPrefix) { return context == .actionResult }
        return true
    }

    /// Where a context variable exists, for error messages.
    static func availability(of name: String) -> String {
        if handoff.contains(name) { return "on handoff (escalation.acknowledgement, a human_only intent's response)" }
        if article.contains(name) { return "when presenting an article (kb.answer, kb.follow_up)" }
        return "after an action succeeded (the action's success response, or the response of an intent with that action)"
    }
}
