import Foundation

/// A piece of an article small enough for the sentence encoder to read whole.
public struct KBPassage: Sendable, Hashable {
    public var articleId: String
    public var text: String
}

/// Cuts articles into passages for semantic search.
///
/// The encoder reads at most ~128 word pieces and a mean-pooled embedding of a long text
/// blurs its topics, so an article is not embedded whole: one passage is its title and
/// summary (what the article is about), then each `## ` section of the body is cut into
/// chunks of at most `maxWords` words, each prefixed by the article title and the section
/// heading so that "Holidays" still reads as "Store opening hours — Holidays". An article
/// scores as its best passage: a question about one section finds the article by it.
public enum KBPassages {
    /// Words per section chunk, chosen on the validation half by `frontline bench-kb --chunk-words`
    /// (40, 70 and 110 tie at hit@1; 110 has the best hit@3). The encoder reads the first 128
    /// word pieces of a longer chunk.
    public static let maxWords = 110

    public static func of(_ article: KBDocument) -> [KBPassage] { of(article, maxWords: maxWords) }

    /// With another chunk size (the bench compares sizes; the product uses `maxWords`).
    public static func of(_ article: KBDocument, maxWords: Int) -> [KBPassage] {
        var passages = [KBPassage(articleId: article.id, text: "\(article.title). \(article.summary)")]
        var heading = ""
        var chunk: [String] = []
        var words = 0
        func flush() {
            defer { chunk = []; words = 0 }
            guard !chunk.isEmpty else { return }
            let prefix = heading.isEmpty ? article.title : "\(article.title) — \(heading)"
            passages.append(KBPassage(articleId: article.id, text: prefix + ": " + chunk.joined(separator: " ")))
        }
        for raw in article.body.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") {
                flush()
                heading = plain(String(line.dropFirst(3)))
                continue
            }
            // The title is already in every passage; table rules carry no words.
            if line.hasPrefix("# ") || isTableRule(line) { continue }
            let text = plain(line)
            guard !text.isEmpty else { continue }
            let count = text.split(separator: " ").count
            if words > 0, words + count > max(1, maxWords) { flush() }
            chunk.append(text)
            words += count
        }
        flush()
        return passages
    }

    /// Markdown line → words: emphasis, bullets, headings' hashes and table pipes removed.
    static func plain(_ line: String) -> String {
        var text = line
        for marker in ["**", "__", "`"] { text = text.replacingOccurrences(of: marker, with: "") }
        text = text.replacingOccurrences(of: "|", with: " ")
        var words = text.split(separator: " ").map(String.init)
        if let first = words.first, ["-", "*", "+", ">"].contains(first) || first.hasPrefix("#") || isListNumber(first) {
            words.removeFirst()
        }
        return words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "*_")) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    private static func isListNumber(_ word: String) -> Bool {
        word.hasSuffix(".") && word.dropLast().allSatisfy(\.isNumber) && word.count > 1
    }

    private static func isTableRule(_ line: String) -> Bool {
        line.hasPrefix("|") && line.allSatisfy { "|-: ".contains($0) }
    }
}
