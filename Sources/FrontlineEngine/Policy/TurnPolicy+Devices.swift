import FrontlineData

/// When the articles split a problem by kind of device and none fits the customer's product,
/// the bot asks which kind it is (a button per family the articles cover) or falls back to the
/// general article; when an article did not fix a fault, it offers the next step
/// (`kb.unresolved`) instead of a bare "shall I get you a person?".
extension TurnPolicy {
    static let somethingElse = "Something else"

    /// The device families the intent's articles cover, in article order.
    func families(for intent: String) -> [String] {
        var seen: Set<String> = []
        return domain.articles(for: intent).compactMap(\.family).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The intent's general article, if the knowledge base has one.
    func fallbackArticle(for intent: String) -> KnowledgeBaseArticle? {
        domain.articles(for: intent).first(where: \.isFallback)
    }

    /// Asks which kind of device it is; false when the domain doesn't ask or no families exist.
    func askDeviceFamily(_ turn: inout Turn, intent: String, settings: KnowledgeBaseSettings) -> Bool {
        let families = families(for: intent)
        guard let question = settings.askFamily, !families.isEmpty else { return false }
        say(&turn, response: question, ReplyDetails(kind: .question, buttons: families + [Self.somethingElse]))
        turn.state.extras[StateKey.askedFamily] = intent
        return true
    }

    /// The customer's answer to "which kind of device?": that family's article, or the general
    /// one for "something else" and anything unrecognised. False when the message is clearly
    /// about something else (a confident different topic), which is then handled as such.
    func answerDeviceFamily(_ turn: inout Turn, intent: String) async -> Bool {
        if answerNamedFamily(&turn, intent: intent) { return true }
        let chosen = family(named: turn.incoming.text, among: families(for: intent))
        if chosen == nil, isConfidentOtherTopic(turn, than: intent) { return false }
        if let general = fallbackArticle(for: intent) {
            present(&turn, general)
        } else {
            await countKnowledgeBaseMiss(&turn, intent: intent)
        }
        return true
    }

    /// The article of the family (or product) the answer names; false when it names none.
    /// Checked before anything else: a one-word button such as "Phone" is too short for the
    /// classifier, which may read it as anything.
    func answerNamedFamily(_ turn: inout Turn, intent: String) -> Bool {
        let articles = domain.articles(for: intent)
        let chosen = family(named: turn.incoming.text, among: families(for: intent))?.lowercased()
        let product = turn.parse.slots.first { $0.slot == productSlot }?.value
        guard let article = articles.first(where: { chosen != nil && $0.family?.lowercased() == chosen })
            ?? product.flatMap({ name in articles.first { $0.products.contains(name) } }) else { return false }
        present(&turn, article)
        return true
    }

    /// Whether the message is confidently about another topic than `intent`.
    func isConfidentOtherTopic(_ turn: Turn, than intent: String) -> Bool {
        let parse = turn.parse
        return !parse.outOfScope && parse.intent != intent && isTopic(parse.intent)
            && parse.confidence >= configuration.topicChangeConfidence
    }

    /// Right after an article for a fault (`kb.unresolved`), the customer says it didn't fix
    /// it: "no", the same kind of problem again (however unsure the classifier is of which),
    /// or a request for the next step itself.
    func reportsUnfixed(_ turn: Turn) -> Bool {
        guard turn.state.awaitingKBFeedback != nil, let step = domain.knowledgeBase?.unresolved,
              let topic = turn.state.extras[StateKey.topicIntent], step.intents.contains(topic) else { return false }
        let intent = turn.parse.intent
        if intent == denyIntent || intent == step.intent { return true }
        guard step.intents.contains(intent) else { return false }
        // Another device named: a new problem, not this one unfixed.
        if let product = turn.parse.slots.first(where: { $0.slot == productSlot })?.value,
           let shown = turn.state.awaitingKBFeedback.flatMap({ id in domain.articles.first { $0.id == id } }),
           !shown.products.isEmpty, !shown.products.contains(product) {
            return false
        }
        return true
    }

    /// Marks the article unhelpful, then starts the next step when the customer asked for it,
    /// or offers it.
    func handleUnfixed(_ turn: inout Turn) async {
        guard let article = turn.state.awaitingKBFeedback, let step = domain.knowledgeBase?.unresolved else { return }
        turn.state.awaitingKBFeedback = nil
        turn.events.append(TurnEvent(.articleNotHelpful, article))
        markRejected(&turn, article)
        if turn.parse.intent == step.intent, await acceptNextStep(&turn, intent: step.intent) { return }
        offerNextStep(&turn, step)
    }

    /// Whether the customer said which device the family article is for: its product (message,
    /// conversation or metadata), or a word only this family's articles use ("phone", "tv",
    /// "earbuds"). Articles without a family need nothing.
    func identifiesDevice(_ turn: Turn, _ article: KnowledgeBaseArticle, intent: String, product: String?) -> Bool {
        guard article.family != nil else { return true }
        if let product, article.products.contains(product) { return true }
        let others = domain.articles(for: intent).filter { $0.family != nil && $0.family != article.family }
        func words(_ article: KnowledgeBaseArticle) -> Set<String> {
            Set(([article.title, article.family ?? ""] + article.tags).flatMap(TextWords.of).map(TextWords.singular))
        }
        let shared = others.reduce(into: Set<String>()) { $0.formUnion(words($1)) }
        let own = words(article).subtracting(shared)
        return !own.isDisjoint(with: TextWords.of(turn.incoming.text).map(TextWords.singular))
    }

    /// The family a short answer names ("phone", "Phones", "a TV"), if any.
    func family(named text: String, among families: [String]) -> String? {
        let words = Set(TextWords.of(text).map(TextWords.singular))
        return families.first { family in
            // Every word of the label, or its head noun ("watch" for "Smart watch").
            let label = TextWords.of(family).map(TextWords.singular)
            guard let head = label.last else { return false }
            return label.allSatisfy(words.contains) || words.contains(head)
        }
    }

    /// The article shown for `intent` in this conversation when the customer now reports the
    /// same problem again without naming another device: it did not fix it.
    func articleThatDidNotHelp(_ turn: Turn, intent: String) -> KnowledgeBaseArticle? {
        guard turn.state.extras[StateKey.topicIntent] == intent,
              let id = turn.state.extras[StateKey.lastArticle],
              let article = domain.articles.first(where: { $0.id == id }), article.intents.contains(intent) else { return nil }
        if let product = turn.parse.slots.first(where: { $0.slot == productSlot })?.value,
           !article.products.isEmpty, !article.products.contains(product) {
            return nil
        }
        if let named = family(named: turn.incoming.text, among: families(for: intent)),
           named.lowercased() != article.family?.lowercased() {
            return nil
        }
        return article
    }

    /// Offers the next step for a fault the articles did not fix.
    func offerNextStep(_ turn: inout Turn, _ step: UnresolvedStep) {
        say(&turn, response: step.offer, ReplyDetails(kind: .question, buttons: step.buttons.isEmpty ? nil : step.buttons))
        turn.state.extras[StateKey.offeredNextStep] = step.intent
    }

    /// The customer's answer to the next-step offer: a button, "yes", the step's own intent, or
    /// a value for its form starts that intent's form. False for anything else (a "no", a person,
    /// another topic), which is then handled as usual.
    func acceptNextStep(_ turn: inout Turn, intent name: String) async -> Bool {
        guard let intent = domain.intent(name) else { return false }
        let parse = turn.parse
        let form = intent.form.flatMap(domain.form)
        let formSlots = Set(form?.slots ?? [])
        let pressed = domain.knowledgeBase?.unresolved?.buttons.contains {
            TextWords.of($0) == TextWords.of(turn.incoming.text)
        } ?? false
        let takes = parse.intent == affirmIntent || parse.intent == name || pressed
            || parse.slots.contains { formSlots.contains($0.slot) }
        guard takes, !escalation.humanRequestIntents.contains(parse.intent), parse.intent != denyIntent else { return false }
        turn.state.lastIntent = name
        turn.state.extras[StateKey.topicIntent] = turn.state.extras[StateKey.topicIntent] ?? name
        if let form {
            await startForm(&turn, form, intent: intent)
        } else {
            await complete(&turn, intent)
        }
        return true
    }
}

/// Lowercased words of a short text, for matching button labels and family names.
enum TextWords {
    static func of(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { !["a", "an", "the", "my", "it", "is", "its", "it's"].contains($0) }
    }

    /// "phones" → "phone", "watches" → "watch"; short words stay.
    static func singular(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ches") || word.hasSuffix("shes") { return String(word.dropLast(2)) }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }
}
