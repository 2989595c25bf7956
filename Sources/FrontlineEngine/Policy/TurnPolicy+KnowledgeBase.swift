import FrontlineData

extension TurnPolicy {
    /// The slot (and chat-server context key) that narrows articles to a product.
    /// Quick replies for yes/no questions; the classifier reads them as affirm / deny.
    static let yesNo = ["Yes", "No"]

    /// Answers with the best article for the message, or counts a miss and offers a person.
    func answerFromKnowledgeBase(_ turn: inout Turn, _ intent: DomainIntent) async {
        guard let settings = domain.knowledgeBase else {
            say(&turn, response: intent.response ?? escalation.rephrase, ReplyDetails(kind: intent.response == nil ? .fallback : .text))
            return
        }
        // The same problem again right after its article: the article did not fix it.
        if let step = settings.unresolved, step.intents.contains(intent.name),
           let shown = articleThatDidNotHelp(turn, intent: intent.name) {
            turn.events.append(TurnEvent(.articleNotHelpful, shown.id))
            markRejected(&turn, shown.id)
            return offerNextStep(&turn, step)
        }
        let product = turn.parse.slots.first { $0.slot == productSlot }?.value
            ?? turn.state.filledSlots[productSlot]?.value
            ?? turn.incoming.context[productSlot]
        var hits: [KBHit] = []
        if let knowledgeBase {
            // A failing index is answered like an empty one: the customer is offered a person.
            // More than one is asked for: the context may rule the best one out.
            hits = (try? await knowledgeBase.search(
                query: turn.knowledgeQuery ?? turn.incoming.text, intents: [intent.name], products: product.map { [$0] } ?? [],
                context: turn.incoming.context, limit: 5)) ?? []
        }
        guard let best = fitting(hits, context: turn.incoming.context, minScore: settings.minScore) else {
            // No article for this product: which kind of device is it, or the general article.
            if askDeviceFamily(&turn, intent: intent.name, settings: settings) { return }
            if let general = fallbackArticle(for: intent.name) { return present(&turn, general) }
            return await countKnowledgeBaseMiss(&turn, intent: intent.name, noMatch: intent.response ?? settings.noMatch)
        }
        switch best {
        case .article(let article):
            // A device-specific article found on generic words alone ("won't turn on") may be
            // for another device than the customer's: ask which kind it is instead.
            if !identifiesDevice(turn, article, intent: intent.name, product: product),
               askDeviceFamily(&turn, intent: intent.name, settings: settings) {
                return
            }
            present(&turn, article)
        case .hit(let hit): present(&turn, ArticleReference(id: hit.id, title: hit.title, url: hit.url), summary: hit.summary)
        }
    }

    enum FittingArticle {
        case article(KnowledgeBaseArticle)
        /// A hit the domain has no article for (an index filled by other means).
        case hit(KBHit)
    }

    /// The best hit above `minScore` for the customer's context: hits restricted to other
    /// platforms or versions are dropped, those the context confirms move up, and an
    /// article's variant replaces it when it fits better (see `ArticleFit`).
    func fitting(_ hits: [KBHit], context: [String: String], minScore: Double) -> FittingArticle? {
        let fit = ArticleFit(context: context)
        var best: (article: FittingArticle, score: Double)?
        for hit in hits where hit.score >= minScore {
            var candidate: (FittingArticle, Double) = (.hit(hit), hit.score)
            if let article = domain.articles.first(where: { $0.id == hit.id }) {
                guard let chosen = fit.best(article, in: domain) else { continue }
                candidate = (.article(chosen.article), hit.score + chosen.boost)
            }
            if candidate.1 > (best?.score ?? -.infinity) { best = candidate }
        }
        return best?.article
    }

    func present(_ turn: inout Turn, _ article: KnowledgeBaseArticle) {
        present(&turn, ArticleReference(id: article.id, title: article.title, url: article.url), summary: article.summary)
    }

    /// Sends the article (then "did that help?") and remembers it was shown.
    func present(_ turn: inout Turn, _ article: ArticleReference, summary: String) {
        guard let settings = domain.knowledgeBase else { return }
        turn.variables["article_title"] = article.title
        turn.variables["article_summary"] = summary
        turn.variables["article_url"] = article.url ?? ""
        say(&turn, response: settings.answer, ReplyDetails(kind: .article, article: article))
        turn.state.extras[StateKey.lastArticle] = article.id
        turn.state.extras[StateKey.shownArticles] = StateKey.append(article.id, to: turn.state.extras[StateKey.shownArticles])
        if let followUp = settings.followUp {
            say(&turn, response: followUp, ReplyDetails(kind: .question, buttons: Self.yesNo))
            turn.state.awaitingKBFeedback = article.id
        }
    }

    func markRejected(_ turn: inout Turn, _ article: String) {
        turn.state.extras[StateKey.rejectedArticles] = StateKey.append(article, to: turn.state.extras[StateKey.rejectedArticles])
    }

    /// A miss (no article, or "no" to the follow-up): hand off at the policy's count, else offer a person.
    func countKnowledgeBaseMiss(_ turn: inout Turn, intent: String?, noMatch: String? = nil) async {
        turn.state.kbMisses += 1
        if turn.state.kbMisses >= escalation.kbMisses {
            return await handOff(&turn, .kbMisses, intent: intent)
        }
        if let name = noMatch ?? domain.knowledgeBase?.noMatch {
            say(&turn, response: name, ReplyDetails(kind: .fallback, buttons: Self.yesNo))
        }
        turn.state.extras[StateKey.offeredHuman] = "1"
    }
}
