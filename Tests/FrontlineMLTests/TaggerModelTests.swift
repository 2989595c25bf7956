import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

/// Toy weather and music requests with slot spans, built from templates.
enum TaggerFixture {
    static let cities = ["paris", "new york", "berlin", "san francisco", "tokyo", "lima", "oslo", "cape town"]
    static let artists = ["adele", "the beatles", "miles davis", "queen", "bob marley", "daft punk", "abba", "nina simone"]
    static let weather = ["what is the weather in {city}", "will it rain in {city} tomorrow", "forecast for {city} please", "is it cold in {city}"]
    static let music = ["play {artist}", "play some {artist} songs", "put on {artist} please", "i want to hear {artist}"]

    /// Fills `{slot}` with `value` and records the span in Unicode-scalar offsets.
    static func utterance(_ template: String, slot: String, value: String, intent: String) -> Utterance {
        let marker = "{\(slot)}"
        let parts = template.components(separatedBy: marker)
        let start = parts[0].unicodeScalars.count
        let text = parts.joined(separator: value)
        return Utterance(text: text, intent: intent, slots: [SlotSpan(slot: slot, start: start, end: start + value.unicodeScalars.count)])
    }

    static var utterances: [Utterance] {
        var out: [Utterance] = []
        for (i, city) in cities.enumerated() {
            out.append(utterance(weather[i % weather.count], slot: "city", value: city, intent: "weather"))
            out.append(utterance(weather[(i + 1) % weather.count], slot: "city", value: city, intent: "weather"))
        }
        for (i, artist) in artists.enumerated() {
            out.append(utterance(music[i % music.count], slot: "artist", value: artist, intent: "music"))
            out.append(utterance(music[(i + 2) % music.count], slot: "artist", value: artist, intent: "music"))
        }
        return out
    }
}

@Suite struct TaggerModelTests {
    @Test func tokenizerKeepsOffsetsAndRawForms() {
        let text = "Réservez à Zürich, 7pm? «ok» u.s. don't 5:30 e\u{301}te\u{301}"
        let tokens = TagTokenizer.tokenize(text)
        let scalars = Array(text.unicodeScalars)
        for t in tokens {
            #expect(Array(scalars[t.start..<t.end]) == t.raw)
        }
        let words = tokens.map(\.text)
        #expect(words.contains("Réservez"))
        #expect(words.contains("Zürich"))
        #expect(words.contains(","))
        #expect(words.contains("7pm"))
        #expect(words.contains("?"))
        #expect(words.contains("u.s."))
        #expect(words.contains("don't"))
        #expect(words.contains("5:30"))
        #expect(words.contains("e\u{301}te\u{301}"))
        #expect(TagTokenizer.tokenize("   ").isEmpty)
    }

    @Test func goldSpansAlignWithTokens() {
        let bio = BIOLabels(slots: ["city", "artist"])
        for u in TaggerFixture.utterances {
            let (labels, misaligned) = bio.encode(u.slots, tokens: TagTokenizer.tokenize(u.text))
            #expect(misaligned == 0)
            #expect(bio.runs(labels).count == u.slots.count)
        }
        // A span that cuts a word is counted, not silently kept.
        let cut = bio.encode([SlotSpan(slot: "city", start: 1, end: 3)], tokens: TagTokenizer.tokenize("paris"))
        #expect(cut.misaligned == 1)
    }

    @Test func learnsTheFixtureAndTagsHeldOutText() throws {
        let tagger = try SlotTagger.train(TaggerFixture.utterances)
        let text = "what is the weather in oslo"
        let slots = tagger.tag(text, intent: "weather")
        #expect(slots.map(\.slot) == ["city"])
        #expect(slots.first?.raw == "oslo")
        #expect(slots.first.map { $0.confidence > 0.5 && $0.confidence <= 1 } == true)
        let music = tagger.tag("play some abba songs", intent: "music")
        #expect(music.map(\.raw) == ["abba"])
        // An unseen value in a seen context, and an unknown intent, still parse.
        #expect(tagger.tag("will it rain in madrid tomorrow", intent: "weather").map(\.raw) == ["madrid"])
        _ = tagger.tag("play daft punk", intent: "no_such_intent")
        #expect(tagger.tag("", intent: nil).isEmpty)
    }

    @Test func outputsAreAlwaysValidBIO() throws {
        var settings = SlotTaggerSettings()
        settings.maxIterations = 20
        let tagger = try SlotTagger.train(TaggerFixture.utterances, settings: settings)
        let bio = tagger.bio
        var rng = SeededGenerator(seed: 9)
        let vocabulary = ["play", "in", "the", "paris", "queen", "?", "weather", "new", "york", "Ünïcödé", "42"]
        for _ in 0..<200 {
            let n = Int(rng.next() % 8)
            let text = (0..<n).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
            for intent in [nil, "weather", "music"] {
                let labels = tagger.labels(text, intent: intent)
                var previous: String? = nil
                for label in labels {
                    if label.hasPrefix("I-") {
                        let slot = String(label.dropFirst(2))
                        #expect(previous == "B-\(slot)" || previous == "I-\(slot)", "\(labels) for \(text)")
                    }
                    previous = label
                }
                #expect(labels.allSatisfy { bio.slots.contains(String($0.dropFirst(2))) || $0 == "O" })
            }
        }
    }

    @Test func perceptronLearnsTheFixtureToo() throws {
        var settings = SlotTaggerSettings()
        settings.algorithm = .perceptron
        let tagger = try SlotTagger.train(TaggerFixture.utterances, settings: settings)
        #expect(tagger.tag("is it cold in lima", intent: "weather").map(\.raw) == ["lima"])
    }

    @Test func saveAndLoadGiveTheSamePredictions() throws {
        let tagger = try SlotTagger.train(TaggerFixture.utterances)
        let dir = try TemporaryFolder()
        try tagger.save(to: dir.url("tagger"))
        let loaded = try SlotTagger.load(from: dir.url("tagger"))
        #expect(loaded.weights.values == tagger.weights.values)
        for u in TaggerFixture.utterances + [Utterance(text: "forecast for madrid please", intent: "weather")] {
            #expect(loaded.tag(u.text, intent: u.intent) == tagger.tag(u.text, intent: u.intent))
            #expect(loaded.tag(u.text, intent: nil) == tagger.tag(u.text, intent: nil))
        }
        // Same model → same bytes.
        try tagger.save(to: dir.url("again"))
        for file in ["tagger.json", "weights.bin", "feature_keys.bin", "gazetteer_keys.bin"] {
            #expect(try Data(contentsOf: dir.url("tagger").appendingPathComponent(file))
                == Data(contentsOf: dir.url("again").appendingPathComponent(file)))
        }
    }

    @Test func wrongFormatVersionOrCorruptBlobIsAClearError() throws {
        let tagger = try SlotTagger.train(TaggerFixture.utterances)
        let dir = try TemporaryFolder()
        let url = dir.url("tagger")
        try tagger.save(to: url)
        let manifest = url.appendingPathComponent("tagger.json")
        let original = try String(contentsOf: manifest, encoding: .utf8)
        try original.replacingOccurrences(of: "\"formatVersion\" : \(SlotTagger.fileFormatVersion)", with: "\"formatVersion\" : 99")
            .write(to: manifest, atomically: true, encoding: .utf8)
        #expect {
            try SlotTagger.load(from: url)
        } throws: { ($0 as? ModelError)?.message.contains("version 99 is newer") == true }

        try original.write(to: manifest, atomically: true, encoding: .utf8)
        var weights = try Data(contentsOf: url.appendingPathComponent("weights.bin"))
        weights[0] ^= 0xFF
        try weights.write(to: url.appendingPathComponent("weights.bin"))
        #expect {
            try SlotTagger.load(from: url)
        } throws: { ($0 as? ModelError)?.message.contains("checksum") == true }
        #expect(throws: ModelError.self) { try SlotTagger.load(from: dir.url("missing")) }
    }

    @Test func sameSeedSameWeights() throws {
        for algorithm in SlotTaggerSettings.Algorithm.allCases {
            var settings = SlotTaggerSettings()
            settings.algorithm = algorithm
            settings.maxIterations = 30
            let a = try SlotTagger.train(TaggerFixture.utterances, settings: settings)
            let b = try SlotTagger.train(TaggerFixture.utterances, settings: settings)
            #expect(a.weights.values == b.weights.values)
        }
    }

    struct Entities: TokenFeatureSource {
        func features(for tokens: [TagToken], in text: String) -> [[String]] {
            tokens.map { TaggerFixture.cities.contains($0.text.lowercased()) ? ["ent:city"] : [] }
        }
    }

    @Test func extraFeaturesComeThroughTheSource() throws {
        let tagger = try SlotTagger.train(TaggerFixture.utterances, features: Entities())
        let plain = try SlotTagger.train(TaggerFixture.utterances)
        #expect(tagger.summary.features > plain.summary.features)
        #expect(tagger.tag("what is the weather in tokyo", intent: "weather").map(\.raw) == ["tokyo"])
        let dir = try TemporaryFolder()
        try tagger.save(to: dir.url)
        let loaded = try SlotTagger.load(from: dir.url, features: Entities())
        #expect(loaded.tag("forecast for oslo please", intent: "weather") == tagger.tag("forecast for oslo please", intent: "weather"))
    }

    @Test func noExamplesIsAnError() {
        #expect(throws: TrainingError.noExamples) { try SlotTagger.train([]) }
    }
}
