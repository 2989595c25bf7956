import Foundation
@testable import FrontlineEngine
import FrontlineML
import Synchronization

/// A deterministic stand-in for the sentence encoder: each dimension is a "concept" (a set
/// of words); a text's vector counts its words per concept, plus a small constant so no
/// vector is zero, scaled to unit length. Paraphrases that share a concept but no word are
/// close, which is what the semantic side must exploit. Counts the texts it embeds.
final class ConceptEmbedder: TextEmbedder, Sendable {
    static let concepts: [Set<String>] = [
        ["parcel", "package", "shipment", "courier", "dispatch", "delivery"],
        ["money", "refund", "refunds", "reimbursed", "repaid"],
        ["open", "opening", "shops", "store", "hours", "times", "closing"],
    ]

    let name = "concepts"
    let fingerprint: String
    var dimension: Int { Self.concepts.count + 1 }
    private let embedded = Mutex<[String]>([])

    init(fingerprint: String = "fake:concepts-1") {
        self.fingerprint = fingerprint
    }

    /// Every text embedded so far, in order.
    var texts: [String] { embedded.withLock { $0 } }

    func embed(_ texts: [String]) -> [[Float]] {
        embedded.withLock { $0 += texts }
        return texts.map(vector)
    }

    func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        v[dimension - 1] = 0.1
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            for (i, concept) in Self.concepts.enumerated() where concept.contains(String(word)) { v[i] += 1 }
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}

/// Three small articles whose words barely overlap with the paraphrases the tests send.
enum SemanticFixture {
    static let articles = [
        KBDocument(id: "follow-shipment", title: "Follow your shipment", summary: "Use the link in the dispatch email.",
                   body: "# Follow your shipment\n\n## Links\nThe courier updates the link daily.\n", intents: ["track"]),
        KBDocument(id: "refund-timing", title: "When the money comes back", summary: "Refunds take 5 days.",
                   body: "## Cards\nBanks need 3 more days.\n", intents: ["refund"]),
        KBDocument(id: "opening-times", title: "Opening times", summary: "Shops open at 9 and close at 8.",
                   body: "## Holidays\nShorter on public holidays.\n", intents: ["hours"]),
    ]
}
