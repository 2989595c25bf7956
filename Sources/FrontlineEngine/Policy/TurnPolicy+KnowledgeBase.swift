import FrontlineData

extension TurnPolicy {
    /// The slot (and chat-server context key) that narrows articles to a product.
    static let productSlot = "product"
    /// Quick replies for yes/no questions; the classifier reads them as affirm / deny.
    static let yesNo = ["Yes", "No"]

    /// Answers with the best article for the message, or counts a miss and offers a person.
    func answerFromKnowledgeBase(_ turn: inout Turn, _ intent: DomainIntent) async {
        guard let settings = domain.knowledgeBase else {
            say(&turn, response: intent.response ?? escalation.rephrase, ReplyDetails(kind: intent.response == nil ? .fallback : .text))
            return
        }
        let product = turn.parse.slots.first { $0.slot == Self.productSlot }?.value
            ?? turn.state.filledSlots[Self.productSlot]?.value
            ?? turn.incoming.context[Self.productSlot]
        var hit: KBHit?
        if let knowledgeBase {
            // A failing index is answered like an empty one: the customer is offered a person.
            let hits = (try? await knowledgeBase.search(
                query: turn.incoming.text, intents: [intent.name], products: product.map { [$0] } ?? [],
                context: turn.incoming.context, limit: 3)) ?? []
            hit = hits.first { $0.score >= settings.minScore }
        }
        guard let hit else {
            return await countKnowledgeBaseMiss(&turn, intent: intent.name, noMatch: intent.response ?? settings.noMatch)
        }
        turn.variables["article_title"] = hit.title
        turn.variables["article_summary"] = hit.summary
        turn.variables["article_url"] = hit.url ?? ""
        say(&turn, response: settings.answer,
            ReplyDetails(kind: .article, article: ArticleReference(id: hit.id, title: hit.title, url: hit.url)))
        turn.state.extras[StateKey.lastArticle] = hit.id
        if let followUp = settings.followUp {
            say(&turn, response: followUp, ReplyDetails(kind: .question, buttons: Self.yesNo))
            turn.state.awaitingKBFeedback = hit.id
        }
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
