import Foundation
import Testing
@testable import FrontlineML

/// The tagger's log P(best frame | text, intent) against brute force over every tag sequence.
@Suite struct TaggerFrameProbabilityTests {
    static let tagger: SlotTagger = {
        try! SlotTagger.train(SlotEvaluationGapsTests.slotData, settings: SlotTaggerSettings(), features: nil, workers: 1)
    }()

    @Test(arguments: ["fly to rome", "forecast for oslo now", "book a flight to paris", "hello"])
    func bestFrameProbabilityMatchesEnumeration(text: String) throws {
        let tagger = Self.tagger
        for intent in ["book_flight", "weather"] {
            let tokens = TagTokenizer.tokenize(text)
            let (chain, path, ws) = tagger.decode(tokens, text: text, intent: intent)
            let n = tokens.count, k = chain.count
            // Every sequence of local labels, scored as the CRF scores it.
            var scores: [Double] = []
            var best = -Double.infinity
            var bestSequence: [Int] = []
            var sequence = [Int](repeating: 0, count: n)
            func visit(_ t: Int, _ score: Double) {
                if t == n {
                    scores.append(score)
                    if score > best { best = score; bestSequence = sequence }
                    return
                }
                for y in 0..<k {
                    var s = score + Double(ws.emit[t * k + y])
                    s += t == 0 ? Double(chain.start[y]) : Double(chain.transition(sequence[t - 1], y))
                    guard s > -.infinity else { continue }
                    sequence[t] = y
                    visit(t + 1, s)
                }
            }
            visit(0, 0)
            let maxScore = scores.max()!
            let logZ = maxScore + log(scores.reduce(0) { $0 + exp($1 - maxScore) })
            let frame = tagger.bestFrame(text, intent: intent)
            #expect(path.map(Int.init) == bestSequence, "Viterbi path for \(intent)")
            #expect(abs(frame.logProbability - (best - logZ)) < 1e-3, "\(frame.logProbability) vs \(best - logZ) for \(intent)")
            #expect(frame.logProbability <= 0)
        }
    }

    /// A rerank with weight 0 is the classifier's choice; the tagger can move the decision
    /// only among the top in-scope intents.
    @Test func rerankWithZeroWeightKeepsTheClassifiersIntent() throws {
        let ranking = [IntentScore(name: "weather", confidence: 0.6), IntentScore(name: "book_flight", confidence: 0.4)]
        let zero = JointRerank(candidates: 2, weight: 0).choose("fly to rome", ranking: ranking, tagger: Self.tagger)
        #expect(zero?.intent.name == "weather")
        let one = JointRerank(candidates: 1, weight: 100).choose("fly to rome", ranking: ranking, tagger: Self.tagger)
        #expect(one?.intent.name == "weather")
        let oos = JointRerank().choose("x", ranking: [IntentScore(name: "oos", confidence: 1)], tagger: Self.tagger)
        #expect(oos == nil)
    }
}
