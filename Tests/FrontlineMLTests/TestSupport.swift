import Foundation
import Testing
@testable import FrontlineML

// Shared helpers for the FrontlineML tests.

extension SeededGenerator {
    mutating func float(_ range: ClosedRange<Float> = -1...1) -> Float {
        Float.random(in: range, using: &self)
    }

    mutating func floats(_ count: Int, _ range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in float(range) }
    }
}

/// |a − b| ≤ rel·max(|a|, |b|, floor): relative, but absolute near zero.
func close(_ a: Float, _ b: Float, rel: Float, floor: Float = 1) -> Bool {
    abs(a - b) <= rel * max(abs(a), abs(b), floor)
}

func close(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance
}

/// Largest |a_i − b_i| over two equally long arrays.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Keys the hasher emits for `text`, in emission order (repeats included).
func keys(_ text: String, _ hasher: NgramHasher) -> [UInt64] {
    var out: [UInt64] = []
    hasher.forEachKey(Tokenizer.tokenize(text)) { out.append($0) }
    return out
}

/// Builds a sparse matrix from dense rows (zeros dropped).
func sparse(_ dense: [[Float]]) -> SparseMatrix {
    let columns = dense.first?.count ?? 0
    return SparseMatrix(rows: dense.map(sparseVector), columnCount: columns)
}

func sparseVector(_ dense: [Float]) -> SparseVector {
    var v = SparseVector()
    for (j, x) in dense.enumerated() where x != 0 {
        v.indices.append(Int32(j))
        v.values.append(x)
    }
    return v
}

/// A small banking assistant: four intents with eight examples each plus out-of-scope text.
enum Fixture {
    static let intents: [String: [String]] = [
        "check_balance": [
            "what is my balance", "how much money do I have", "show my account balance",
            "balance please", "how much is in my checking account", "tell me my current balance",
            "what's left in my savings", "check my balance",
        ],
        "transfer_money": [
            "send money to my sister", "transfer 50 dollars to savings", "move funds between accounts",
            "I want to make a transfer", "wire money to John", "transfer cash to my friend",
            "send 20 euros to Anna", "make a bank transfer",
        ],
        "card_lost": [
            "I lost my card", "my credit card was stolen", "block my debit card",
            "someone stole my wallet with my card", "freeze my card please", "my card is missing",
            "report a lost card", "I can't find my bank card",
        ],
        "opening_hours": [
            "when are you open", "what time does the branch open", "opening hours on saturday",
            "are you open on sunday", "what time do you close today", "branch hours please",
            "is the office open tomorrow", "when does the bank close",
        ],
        "oos": [
            "what's the weather like", "tell me a joke", "who won the football game",
            "play some music", "how tall is mount everest", "recommend a good movie",
            "what is the capital of france", "set an alarm for 7am",
        ],
    ]

    static var utterances: [Utterance] {
        intents.keys.sorted().flatMap { label in intents[label]!.map { Utterance(text: $0, intent: label) } }
    }

    /// Every field explicit, so the tests don't move when the defaults do.
    static let features = FeatureSettings(
        hasher: NgramHasher(wordNgrams: 1...2, charNgrams: 2...4), minWordDocumentFrequency: 1,
        minCharDocumentFrequency: 1, sublinearTF: true, useIDF: true, wordBlockWeight: 1, charBlockWeight: 1)
}
