import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

@Suite("Outcome memory: online learning between retrains")
struct OutcomeMemoryTests {
    static let model: NLUModel = {
        try! NLUModelFile.load(from: PackageRoot.url("Models/default")).0
    }()

    let reference = ReferenceTime(Date(timeIntervalSince1970: 1_795_000_000), timeZone: TimeZone(identifier: "UTC")!)

    /// An intent the model does not predict for `text` (the third of its ranking).
    func otherIntent(for text: String) -> String {
        let parse = Self.model.parse(text, reference: reference)
        return Self.model.intents.predict(text, top: 5).ranking.map(\.name)
            .first { $0 != parse.intent.name && $0 != "oos" && $0 != parse.ranking.first?.name && $0 != parse.ranking.dropFirst().first?.name }!
    }

    @Test("learning one example adds exactly its features to its intent, and nothing else")
    func exactCounts() throws {
        let memory = OutcomeMemory(classifier: Self.model.intents)
        let first = "my toaster makes a humming noise when it is switched off"
        #expect(memory.learn(text: first, intent: "warranty") == .learned)
        // The memory counts n-grams: a dense encoder block (signed values) is not counts.
        let x = Self.model.intents.featurizer.ngrams(first)
        #expect(x.nonzeroCount > 0 && x.indices.allSatisfy { Int($0) >= Self.model.intents.featurizer.denseWidth })
        let label = try #require(memory.labels.firstIndex(of: "warranty"))
        let after = memory.counts
        var expected: [OutcomeMemory.Counts.Pair: Float] = [:]
        for (j, v) in zip(x.indices, x.values) { expected[.init(feature: j, label: label)] = v }
        #expect(after.features == expected)
        #expect(after.classExamples == [label: 1])
        #expect(abs((after.classTotals[label] ?? 0) - x.values.reduce(0, +)) < 1e-5)
        #expect(after.classTotals.count == 1)

        // A second example of another intent: only its own (feature, intent) cells move.
        let second = "please send the invoice for my last order to my accountant"
        let y = Self.model.intents.featurizer.ngrams(second)
        let other = try #require(memory.labels.firstIndex(of: "invoice_request"))
        #expect(memory.learn(text: second, intent: "invoice_request") == .learned)
        let next = memory.counts
        var changed: Set<OutcomeMemory.Counts.Pair> = []
        for key in Set(next.features.keys).union(after.features.keys) where next.features[key] != after.features[key] {
            changed.insert(key)
        }
        #expect(changed == Set(y.indices.map { OutcomeMemory.Counts.Pair(feature: $0, label: other) }))
        for (j, v) in zip(y.indices, y.values) { #expect(next.features[.init(feature: j, label: other)] == v) }
        #expect(next.classExamples == [label: 1, other: 1])
        #expect(next.classTotals[label] == after.classTotals[label])

        // A repeat changes nothing; a relabelling takes the text back (a conflict teaches neither).
        #expect(memory.learn(text: second, intent: "invoice_request") == .duplicate)
        #expect(memory.counts == next)
        #expect(memory.learn(text: "Please send the invoice for my last order to my accountant!", intent: "order_status") == .conflict)
        #expect(memory.counts.features == after.features)
        #expect(memory.counts.classExamples == [label: 1])
        #expect(memory.exampleCount == 1)
        #expect(memory.learn(text: second, intent: "invoice_request") == .conflict)
        #expect(memory.learn(text: "hello", intent: "no_such_intent") == .unknownIntent)
    }

    @Test("after one outcome the identical question gets the agent's intent, flagged; an unrelated one is unchanged")
    func identicalQuestion() {
        let memory = OutcomeMemory(classifier: Self.model.intents)
        let text = "the little light on the side keeps blinking orange"
        let unrelated = "where is my order A-48213"
        let before = Self.model.parse(text, reference: reference, memory: memory)
        let unrelatedBefore = Self.model.parse(unrelated, reference: reference)
        #expect(!before.learnedFromOutcomes)
        let target = otherIntent(for: text)
        #expect(before.intent.name != target)

        #expect(memory.learn(text: text, intent: target) == .learned)
        let after = Self.model.parse(text, reference: reference, memory: memory)
        #expect(after.intent.name == target)
        #expect(after.learnedFromOutcomes)
        #expect(after.intent.confidence >= 0.6)
        // Case and punctuation don't matter: the features are the same.
        #expect(Self.model.parse("The little light on the side keeps blinking orange!", reference: reference, memory: memory).intent.name == target)

        let unrelatedAfter = Self.model.parse(unrelated, reference: reference, memory: memory)
        #expect(unrelatedAfter == unrelatedBefore)
        #expect(!unrelatedAfter.learnedFromOutcomes)
    }

    @Test("an intent the model was never trained on can be learned when the domain declares it")
    func newIntent() {
        let memory = OutcomeMemory(classifier: Self.model.intents, extraLabels: ["engraving"])
        #expect(memory.labels.last == "engraving")
        #expect(memory.learn(text: "can you engrave my initials on the back of the case", intent: "engraving") == .learned)
        let parse = Self.model.parse("can you engrave my initials on the back of the case", reference: reference, memory: memory)
        #expect(parse.intent.name == "engraving")
        #expect(parse.learnedFromOutcomes)
        #expect(parse.ranking.first?.name == "engraving")
    }

    @Test("a text the training data labels otherwise is a conflict and is not learned")
    func trainingConflict() {
        let memory = OutcomeMemory(
            classifier: Self.model.intents, trainingData: [(text: "how long is the warranty", intent: "warranty")])
        #expect(memory.learn(text: "How long is the warranty?", intent: "greeting") == .conflict)
        #expect(memory.exampleCount == 0)
        #expect(memory.counts.features.isEmpty)
        // Once labelled two ways, a text stays unused, whatever comes next (as in retrain).
        #expect(memory.learn(text: "how long is the warranty", intent: "warranty") == .conflict)
        // An outcome that agrees with the training data is learned.
        let agreeing = OutcomeMemory(
            classifier: Self.model.intents, trainingData: [(text: "how long is the warranty", intent: "warranty")])
        #expect(agreeing.learn(text: "how long is the warranty", intent: "warranty") == .learned)
    }

    /// A distinct word per number (the tokenizer folds digits, so numbers would make equal texts).
    static func word(_ i: Int) -> String {
        var i = i
        var out = "z"
        repeat {
            out.append(Character(UnicodeScalar(UInt8(97 + i % 26))))
            i /= 26
        } while i > 0
        return out
    }

    @Test("the bound holds: at most maxExamples texts, and at most maxShare of the probability mass moves")
    func bounded() throws {
        let settings = OutcomeMemory.Settings(maxExamples: 50, maxShare: 0.6)
        let memory = OutcomeMemory(classifier: Self.model.intents, settings: settings)
        for i in 0..<400 {
            memory.learn(text: "my order from \(Self.word(i)) never arrived at my door", intent: "warranty")
        }
        #expect(memory.entryCount == 50)
        #expect(memory.exampleCount == 50)
        #expect(memory.counts.classExamples.values.reduce(0, +) == 50)
        // The oldest were taken back: their features' counts are gone with them.
        let text = "my order from \(Self.word(399)) never arrived at my door"
        let x = Self.model.intents.featurizer.transform(text)
        let p = Self.model.intents.probabilities(x)
        let mixed = try #require(memory.mix(x, probabilities: p))
        let warranty = try #require(memory.labels.firstIndex(of: "warranty"))
        #expect(mixed[warranty] <= settings.maxShare + (1 - settings.maxShare) * p[warranty] + 1e-5)
        for c in 0..<p.count { #expect(mixed[c] >= (1 - settings.maxShare) * p[c] - 1e-6) }
        #expect(abs(mixed.reduce(0, +) - 1) < 1e-4)
        // Texts far from every learned one are not touched.
        #expect(memory.mix(Self.model.intents.featurizer.transform("what are your store hours on sunday"),
                           probabilities: Self.model.intents.probabilities("what are your store hours on sunday")) == nil)
    }

    @Test("after thousands of evictions the counts and readings equal a memory that learned only the survivors")
    func evictionLeavesExactlyTheSurvivors() throws {
        let settings = OutcomeMemory.Settings(maxExamples: 60)
        let intents = ["warranty", "order_status", "return_item"]
        let texts = (0..<3000).map { "my parcel \(Self.word($0)) has a problem" }
        let long = OutcomeMemory(classifier: Self.model.intents, settings: settings)
        for (i, text) in texts.enumerated() { long.learn(text: text, intent: intents[i % 3]) }
        // A conflict among the survivors takes that text back too.
        long.learn(text: texts[2990], intent: intents[(2990 + 1) % 3])
        let fresh = OutcomeMemory(classifier: Self.model.intents, settings: settings)
        for i in 2940..<3000 where i != 2990 { fresh.learn(text: texts[i], intent: intents[i % 3]) }
        #expect(long.exampleCount == 59 && fresh.exampleCount == 59)
        let a = long.counts, b = fresh.counts
        #expect(a.classExamples == b.classExamples)
        // Equal up to float drift: thousands of additions and subtractions of the same
        // feature's count can leave a residue of about 1e-4 where the fresh memory has none.
        var largest: Float = 0
        for key in Set(a.features.keys).union(b.features.keys) {
            largest = max(largest, abs((a.features[key] ?? 0) - (b.features[key] ?? 0)))
        }
        #expect(largest < 1e-2, "largest count difference \(largest)")
        for text in [texts[2999], texts[2950], texts[2990], texts[100], "where is my parcel"] {
            let x = Self.model.intents.featurizer.transform(text)
            let p = Self.model.intents.probabilities(x)
            let (ra, rb) = (long.mix(x, probabilities: p), fresh.mix(x, probabilities: p))
            #expect((ra == nil) == (rb == nil), "\(text)")
            if let ra, let rb { for c in ra.indices { #expect(abs(ra[c] - rb[c]) < 1e-4, "\(text)") } }
        }
    }

    @Test("learning and parsing at the same time from many tasks")
    func concurrent() async {
        let memory = OutcomeMemory(classifier: Self.model.intents, settings: .init(maxExamples: 100))
        let reference = self.reference
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<100 {
                        if t % 2 == 0 {
                            memory.learn(text: "gadget \(Self.word(t * 1000 + i)) is making noise", intent: "warranty")
                        } else {
                            _ = Self.model.parse("gadget \(Self.word((t - 1) * 1000 + i)) is making noise", reference: reference, memory: memory)
                        }
                    }
                }
            }
        }
        #expect(memory.entryCount == 100)
        #expect(memory.exampleCount == 100)
    }

    @Test("parses stored before the flag existed still decode, with it false")
    func decodesOldParses() throws {
        let parse = Self.model.parse("hi", reference: reference)
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(parse)) as? [String: Any])
        #expect(object["learnedFromOutcomes"] as? Bool == false)
        object["learnedFromOutcomes"] = nil
        let old = try JSONDecoder().decode(NLUParse.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old == parse)
    }
}
