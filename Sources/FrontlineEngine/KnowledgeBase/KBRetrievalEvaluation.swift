import Foundation

/// hit@1 and hit@3 of knowledge-base retrieval on a labelled question set, for the
/// full-text ranking alone, the semantic ranking alone and their fusion.
///
/// Both rankings are computed once per question (without filters: the question alone must
/// find its article); fusions are then cheap to compare, which is how `bestFusion` chooses
/// the method and weight on one half of the set.
public struct KBRetrievalEvaluation: Sendable {
    public struct Rankings: Sendable {
        public var question: KBQuestionSet.Question
        public var fullText: [(id: String, score: Double)]
        public var semantic: [(id: String, score: Double)]
    }

    public struct Score: Sendable, Hashable {
        public var questions: Int
        public var hitsAt1: Int
        public var hitsAt3: Int
        public var hitAt1: Double { questions > 0 ? Double(hitsAt1) / Double(questions) : 0 }
        public var hitAt3: Double { questions > 0 ? Double(hitsAt3) / Double(questions) : 0 }
    }

    /// What is ranked: full-text only, embeddings only, or both fused.
    public enum Ranker: Sendable, Hashable, CustomStringConvertible {
        case fullText
        case semantic
        case fused(KBFusion)

        public var description: String {
            switch self {
            case .fullText: "full-text only (FTS5)"
            case .semantic: "embeddings only"
            case .fused(let fusion): "fused (\(fusion))"
            }
        }
    }

    public var rankings: [Rankings]

    /// Runs every question through `index`'s full-text side and its semantic side, filtered
    /// by the intents `intents` gives for the question (none by default: the words alone).
    public static func run(
        _ questions: KBQuestionSet, index: SemanticKnowledgeBase, intents: (KBQuestionSet.Question) -> [String] = { _ in [] }
    ) async throws -> KBRetrievalEvaluation {
        var rankings: [Rankings] = []
        for question in questions.questions {
            let filter = intents(question)
            let fullText = try await index.fullText.search(query: question.text, intents: filter, products: [], context: [:], limit: 1000)
            rankings.append(Rankings(
                question: question, fullText: fullText.map { ($0.id, $0.score) },
                semantic: index.semanticRanking(query: question.text, intents: filter)))
        }
        return KBRetrievalEvaluation(rankings: rankings)
    }

    public init(rankings: [Rankings]) {
        self.rankings = rankings
    }

    /// The article ids `ranker` puts first for each question.
    public func ranked(_ r: Rankings, by ranker: Ranker) -> [String] {
        switch ranker {
        case .fullText: r.fullText.map(\.id)
        case .semantic: r.semantic.map(\.id)
        case .fused(let fusion): fusion.fuse(fullText: r.fullText, semantic: r.semantic).map(\.id)
        }
    }

    /// hit@1 / hit@3 of `ranker` over the questions `include` keeps.
    public func score(_ ranker: Ranker, where include: (KBQuestionSet.Question) -> Bool = { _ in true }) -> Score {
        var score = Score(questions: 0, hitsAt1: 0, hitsAt3: 0)
        for r in rankings where include(r.question) {
            let ids = ranked(r, by: ranker)
            score.questions += 1
            if ids.first == r.question.articleId { score.hitsAt1 += 1 }
            if ids.prefix(3).contains(r.question.articleId) { score.hitsAt3 += 1 }
        }
        return score
    }

    /// The fusion with the best hit@1 (then hit@3, then the smaller semantic weight) over the
    /// questions `include` keeps, among both methods and weights 0.05…0.95 in steps of 0.05.
    public func bestFusion(
        where include: (KBQuestionSet.Question) -> Bool, methods: [KBFusion.Method] = KBFusion.Method.allCases
    ) -> (fusion: KBFusion, score: Score) {
        var best: (fusion: KBFusion, score: Score)?
        for method in methods {
            for step in 1...19 {
                let fusion = KBFusion(method: method, weight: Double(step) / 20)
                let score = score(.fused(fusion), where: include)
                if let current = best, (current.score.hitsAt1, current.score.hitsAt3) >= (score.hitsAt1, score.hitsAt3) { continue }
                best = (fusion, score)
            }
        }
        // Empty only when `methods` is.
        return best ?? (KBFusion.default, score(.fused(.default), where: include))
    }

    /// Questions whose article `ranker` doesn't put first, with what it put first.
    public func misses(_ ranker: Ranker) -> [(question: KBQuestionSet.Question, got: String?)] {
        rankings.compactMap { r in
            let first = ranked(r, by: ranker).first
            return first == r.question.articleId ? nil : (r.question, first)
        }
    }
}
