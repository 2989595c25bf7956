import Foundation

/// How a knowledge-base hit's `score` is computed, so the engine can threshold it.
///
/// BM25 alone can't be thresholded: its scale depends on the query's length and on
/// the corpus. So the score is mostly *coverage*, which can:
///
///     coverage = Σ_t idf(t) · w(t, article)  /  Σ_t idf(t)
///     idf(t)   = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))      (BM25's idf, always > 0)
///     w        = 1 when the term is in the title or tags, 0.7 when only in the
///                summary or body, 0 when absent
///     score    = 0.8 · coverage + 0.2 · bm25 / bm25(best hit)
///
/// where N is the number of articles and n_t how many contain term t. So: 1.0 means
/// every searchable word of the query is in the best article's title or tags; words
/// the knowledge base has never seen weigh the most (they are what it can't answer),
/// so a query about something else scores low even when one common word matches.
/// The BM25 part (fields weighted title 10, tags 5, summary 3, body 1) orders articles
/// of similar coverage. When the caller gives no audience, an article written for a
/// specific audience ("business") scores ×0.85, so the general article wins a tie.
/// Rough guide on the default KB: ≥ 0.6 answers, 0.35–0.6 is
/// worth offering as "this may help", below that is a miss.
public enum KBScoring {
    public static let titleOrTagsWeight = 1.0
    public static let bodyWeight = 0.7
    public static let coverageShare = 0.8
    public static let unknownAudiencePenalty = 0.85

    /// BM25 column weights, in the FTS table's column order (title, tags, summary, body).
    public static let bm25Weights = "10.0, 5.0, 3.0, 1.0"

    public struct TermMatches {
        public init(anywhere: Set<Int64>, titleOrTags: Set<Int64>) {
            self.anywhere = anywhere
            self.titleOrTags = titleOrTags
        }

        /// Articles (FTS rowids) containing the term anywhere.
        public var anywhere: Set<Int64>
        /// Articles containing it in the title or tags.
        public var titleOrTags: Set<Int64>
    }

    public static func idf(articles: Int, containing: Int) -> Double {
        let n = Double(articles), k = Double(containing)
        return log(1 + (n - k + 0.5) / (k + 0.5))
    }

    public static func coverage(of article: Int64, terms: [TermMatches], articles: Int) -> Double {
        var total = 0.0, covered = 0.0
        for term in terms {
            let weight = idf(articles: articles, containing: term.anywhere.count)
            total += weight
            if term.titleOrTags.contains(article) {
                covered += weight * titleOrTagsWeight
            } else if term.anywhere.contains(article) {
                covered += weight * bodyWeight
            }
        }
        return total > 0 ? covered / total : 0
    }

    /// `bm25` is FTS5's value (negative, lower is better); `best` the best hit's. Another
    /// engine's rank (higher is better) is passed negated.
    /// `audienceUnknown`: the article is for a specific audience and the caller gave none.
    public static func score(coverage: Double, bm25: Double, best: Double, audienceUnknown: Bool) -> Double {
        let relative = best < 0 ? min(1, max(0, bm25 / best)) : 0
        let score = coverageShare * coverage + (1 - coverageShare) * relative
        return audienceUnknown ? score * unknownAudiencePenalty : score
    }
}
