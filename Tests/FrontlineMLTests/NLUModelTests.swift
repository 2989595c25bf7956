import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

@Suite struct NLUModelTests {
    static let slots = [
        SlotDefinition(name: "order_number", pattern: #"[A-Z]-?\d{5}"#, patternIgnoresCase: true),
        SlotDefinition(name: "date", entity: "date"),
        SlotDefinition(name: "product", values: [
            SlotValue("iphone 15 pro", synonyms: ["15 pro", "iphone15pro"]),
            SlotValue("acme buds pro", synonyms: ["buds pro"]),
        ]),
    ]
    static let reference = ReferenceTime(date: CalendarDate(year: 2026, month: 11, day: 23), time: ClockTime(hour: 9))

    /// Orders and products, with slots annotated the way the YAML reader produces them.
    static var data: [Utterance] {
        func u(_ intent: String, _ parts: [(String, String?)]) -> Utterance {
            var text = "", slots: [SlotSpan] = []
            for (chunk, slot) in parts {
                let start = text.unicodeScalars.count
                text += chunk
                if let slot { slots.append(SlotSpan(slot: slot, start: start, end: text.unicodeScalars.count)) }
            }
            return Utterance(text: text, intent: intent, slots: slots)
        }
        var out: [Utterance] = []
        for (i, number) in ["A-12345", "B-55555", "C-10101", "A-77777", "D-24680", "E-13579"].enumerated() {
            out.append(u("order_status", [("where is my order ", nil), (number, "order_number")]))
            out.append(u("order_status", [("has order ", nil), (number, "order_number"), (" shipped yet", nil)]))
            out.append(u("order_status", [("status of ", nil), (number, "order_number"), (" please", nil)]))
            let day = ["tomorrow", "monday", "friday", "next week", "today", "tuesday"][i]
            out.append(u("delivery_date", [("can you deliver ", nil), (day, "date"), ("?", nil)]))
            out.append(u("delivery_date", [("i need it by ", nil), (day, "date")]))
        }
        for product in ["iphone 15 pro", "buds pro", "acme buds pro", "15 pro"] {
            out.append(u("product_info", [("tell me about the ", nil), (product, "product")]))
            out.append(u("product_info", [("is the ", nil), (product, "product"), (" any good", nil)]))
            out.append(u("product_info", [("specs of ", nil), (product, "product")]))
        }
        return out
    }

    static func settings(entityFeatures: Bool = false) -> NLUTrainingSettings {
        var settings = NLUTrainingSettings.recommended
        settings.intent.features = Fixture.features
        settings.entityFeatures = entityFeatures
        return settings
    }

    func trained(entityFeatures: Bool = false) throws -> NLUModel {
        try NLUTrainer.train(Self.data, slots: Self.slots, settings: Self.settings(entityFeatures: entityFeatures)).0
    }

    @Test func parsesIntentSlotsAndEntities() throws {
        let model = try trained()
        #expect(model.tagger != nil)
        let p = model.parse("where is my order A-48213 I placed last tuesday", reference: Self.reference)
        #expect(p.intent.name == "order_status")
        let order = try #require(p.slots.first { $0.slot == "order_number" })
        #expect(order.raw == "A-48213" && order.start == 18 && order.end == 25)
        // Not annotated in this intent's training data, but declared as a date slot: filled by the entity.
        let date = try #require(p.slots.first { $0.slot == "date" })
        #expect(date.value == "2026-11-17" && date.raw == "last tuesday")
        #expect(p.entities.contains { $0.kind == "order_number" && $0.raw == "A-48213" })
    }

    @Test func taggedProductIsNormalisedToItsCanonicalValue() throws {
        let p = try trained().parse("tell me about the 15 pro", reference: Self.reference)
        let product = try #require(p.slots.first { $0.slot == "product" })
        #expect(product.raw == "15 pro")
        #expect(product.value == "iphone 15 pro")
    }

    @Test(arguments: [false, true])
    func savedModelParsesTheSame(entityFeatures: Bool) throws {
        let model = try trained(entityFeatures: entityFeatures)
        let dir = try TemporaryFolder()
        try NLUModelFile.save(model, settings: Self.settings(entityFeatures: entityFeatures), trainingData: Self.data, to: dir.url)
        let (loaded, _) = try NLUModelFile.load(from: dir.url)
        #expect(loaded.slotDefinitions == Self.slots)
        for text in ["has order B-12121 shipped yet", "can you deliver friday?", "specs of iphone15pro", "hello"] {
            #expect(loaded.parse(text, reference: Self.reference) == model.parse(text, reference: Self.reference))
        }
    }

    @Test func trainingTwiceWritesTheSameBytes() throws {
        let a = try TemporaryFolder(), b = try TemporaryFolder()
        for dir in [a, b] {
            let model = try trained()
            try NLUModelFile.save(model, settings: Self.settings(), trainingData: Self.data, to: dir.url)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: a.url.path).sorted()
        #expect(files.contains("tagger/tagger.json") && files.contains("nlu.json"))
        for file in files where !file.hasSuffix("tagger") {
            let x = try Data(contentsOf: a.url.appendingPathComponent(file))
            let y = try Data(contentsOf: b.url.appendingPathComponent(file))
            #expect(x == y, "\(file) differs between two trainings")
        }
    }

    @Test func intentOnlyModelFolderLoadsWithoutSlots() throws {
        let (intents, _) = try IntentTrainer.train(Fixture.utterances, settings: .recommended)
        let dir = try TemporaryFolder()
        try ModelFile.save(intents, settings: .recommended, trainingData: Fixture.utterances, to: dir.url)
        let (loaded, _) = try NLUModelFile.load(from: dir.url)
        #expect(loaded.tagger == nil && loaded.slotDefinitions.isEmpty)
        #expect(loaded.parse("what is my balance", reference: Self.reference).slots.isEmpty)
    }

    @Test func wrongNLUFormatVersionIsAClearError() throws {
        let model = try trained()
        let dir = try TemporaryFolder()
        try NLUModelFile.save(model, settings: .recommended, trainingData: Self.data, to: dir.url)
        let url = dir.url.appendingPathComponent("nlu.json")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 99")
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try NLUModelFile.load(from: dir.url)
        } throws: { error in
            "\(error)".contains("version 99") && "\(error)".contains("retrain")
        }
    }
}

@Suite struct SlotResolverTests {
    let resolver = SlotResolver(definitions: NLUModelTests.slots)

    @Test func entityFillsOnlyTheOneSlotThatTakesItsKind() throws {
        let twoDates = SlotResolver(definitions: [SlotDefinition(name: "from", entity: "date"), SlotDefinition(name: "to", entity: "date")])
        let recognizer = try BuiltinEntityRecognizer()
        // ("from tomorrow to friday" is one date range since ranges are recognised.)
        let text = "tomorrow or friday"
        let entities = recognizer.recognize(text, reference: NLUModelTests.reference)
        #expect(entities.count == 2)
        // Which of two date slots a date fills is the tagger's job, not a guess.
        #expect(twoDates.resolve(text: text, tagged: [], entities: entities).isEmpty)
        let one = resolver.resolve(text: "deliver it tomorrow", tagged: [], entities: recognizer.recognize("deliver it tomorrow", reference: NLUModelTests.reference))
        #expect(one.map(\.slot) == ["date"] && one.first?.value == "2026-11-24" && one.first?.source == .entity)
    }

    @Test func dateSlotInsideADatetimeTakesTheDay() throws {
        let recognizer = try BuiltinEntityRecognizer()
        let text = "deliver tomorrow between 9 and 5"
        let entities = recognizer.recognize(text, reference: NLUModelTests.reference)
        #expect(entities.map(\.kind) == [.datetime])
        let tagged = [TaggedSlot(slot: "date", start: 8, end: 16, raw: "tomorrow", confidence: 0.9)]
        #expect(resolver.resolve(text: text, tagged: tagged, entities: entities).map(\.value) == ["2026-11-24"])
    }

    @Test func taggedSpansWinOverlaps() {
        let text = "is the buds pro in stock"
        let tagged = [TaggedSlot(slot: "product", start: 7, end: 15, raw: "buds pro", confidence: 0.9)]
        let slots = resolver.resolve(text: text, tagged: tagged, entities: [])
        #expect(slots.count == 1)
        #expect(slots[0].source == .tagger && slots[0].value == "acme buds pro" && slots[0].confidence == 0.9)
    }

    @Test func declaredValueTheTaggerMissedIsFilled() {
        let slots = resolver.resolve(text: "is the iphon 15 pro any good", tagged: [], entities: [])
        #expect(slots.count == 1)
        #expect(slots.first?.value == "iphone 15 pro" && slots.first?.source == .values)
        #expect((slots.first?.confidence ?? 1) < 1)  // one typo: less sure
    }

    @Test func patternSlotTakesItsCanonicalForm() throws {
        let definitions = [SlotDefinition(
            name: "order_number", pattern: #"\bA\s?-?\s?(\d{5})\b"#, patternIgnoresCase: true, canonical: "A-$1")]
        let resolver = SlotResolver(definitions: definitions)
        let recognizer = try BuiltinEntityRecognizer(patterns: [
            PatternEntity(name: "order_number", pattern: #"\bA\s?-?\s?(\d{5})\b"#, caseInsensitive: true)])
        let text = "order a 48213 please"
        let filled = resolver.resolve(text: text, tagged: [], entities: recognizer.recognize(text, reference: NLUModelTests.reference))
        #expect(filled.map(\.value) == ["A-48213"] && filled.first?.raw == "a 48213")
        let tagged = [TaggedSlot(slot: "order_number", start: 6, end: 13, raw: "a 48213", confidence: 0.9)]
        #expect(resolver.resolve(text: text, tagged: tagged, entities: []).map(\.value) == ["A-48213"])
        // A tagged span the pattern doesn't match keeps its raw text rather than a made-up value.
        let odd = [TaggedSlot(slot: "order_number", start: 0, end: 5, raw: "order", confidence: 0.2)]
        #expect(resolver.resolve(text: text, tagged: odd, entities: []).map(\.value) == ["order"])
    }

    @Test func undeclaredTaggedSlotKeepsItsRawText() {
        let tagged = [TaggedSlot(slot: "artist", start: 5, end: 10, raw: "Adele", confidence: 0.7)]
        let slots = SlotResolver(definitions: []).resolve(text: "play Adele", tagged: tagged, entities: [])
        #expect(slots.map(\.value) == ["Adele"])
    }
}
