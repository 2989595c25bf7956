import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

/// The Dialogflow ES fixtures under Tests/Fixtures/dialogflow, written from the export format's documentation.
enum DialogflowFixtures {
    static let root = PackageRoot.path("Tests/Fixtures/dialogflow")
    static var pizza: String { root + "/pizza" }
    static var zip: String { root + "/pizza.zip" }
}

@Suite struct DialogflowImportTests {
    /// Examples and annotated parts counted straight from the usersays files.
    static func sourceCounts(language: String) throws -> (examples: Int, spans: Int) {
        var examples = 0, spans = 0
        let folder = DialogflowFixtures.pizza + "/intents"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix("_usersays_\(language).json") {
            let items = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) as? [[String: Any]] ?? []
            examples += items.count
            for item in items {
                spans += ((item["data"] as? [[String: Any]]) ?? []).filter { ($0["alias"] as? String)?.isEmpty == false }.count
            }
        }
        return (examples, spans)
    }

    @Test func countsInTheReportEqualTheSource() throws {
        let imported = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil)
        let expected = try Self.sourceCounts(language: "en")
        let report = imported.report
        #expect(report.sourceCounts.examples == expected.examples)
        #expect(report.sourceCounts.spans == expected.spans)
        #expect(report.importedCounts.examples + report.skippedExamples == expected.examples)
        #expect(report.importedCounts.spans + report.skippedSpans == expected.spans)
        #expect(report.skippedExamples == 2)  // a template-mode example and one with a blank annotated part
        #expect(report.items(.warning).allSatisfy { $0.line != nil && $0.file.hasSuffix("order.pizza_usersays_en.json") })
    }

    @Test func partsBecomeSlotsAndEntitiesBecomeValuesPatternsOrBuiltins() throws {
        let imported = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil)
        let example = try #require(imported.examples.first { $0.utterance.text == "order a small pizza for tomorrow" })
        #expect(example.utterance.intent == "order.pizza")
        #expect(example.utterance.slots == [SlotSpan(slot: "size", start: 8, end: 13), SlotSpan(slot: "date", start: 24, end: 32)])
        #expect(imported.slot("size")?.values == [SlotValue(canonical: "small", synonyms: ["little", "personal"]),
                                                  SlotValue(canonical: "large", synonyms: ["big", "family size"])])
        #expect(imported.slot("code")?.pattern == "P\\d{4}")
        #expect(imported.slot("date")?.entity == "date")
        #expect(imported.slot("when")?.entity == "time")
        #expect(imported.slot("city")?.entity == nil)
        let items = imported.report.items
        #expect(items.contains { $0.category == "system entity without equivalent" && $0.detail.hasPrefix("@sys.geo-city") })
        #expect(items.contains { $0.category == "composite entity value" })
    }

    @Test func requiredParametersBecomeFormsAndFallbackBecomesOutOfScope() throws {
        let imported = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil)
        let intent = try #require(imported.intent("order.pizza"))
        let form = try #require(imported.forms.first { $0.name == intent.form })
        #expect(form.steps.map(\.slot) == ["size", "date"])
        #expect(form.steps[0].ask == ["What size: small or large?"])
        // $param → {slot}; literal braces escaped; two text messages become one reply.
        #expect(imported.response(intent.response ?? "") == ["A {size} pizza for {date}, coming up! {{ETA: 30 min}}\nAnything else?"])
        #expect(imported.rephrase == ["Sorry, could you say that again?", "I missed that, say it another way?"])
        #expect(imported.intent("Default_Welcome_Intent")?.response != nil)
        #expect(imported.intent("opening.hours") == nil)  // German examples only
        for category in ["events", "input contexts", "output contexts", "follow-up intent", "fulfillment", "rich message",
                         "list parameter", "context reference", "other languages"] {
            #expect(imported.report.items(.notCarried).contains { $0.category == category }, "missing \(category)")
        }
    }

    @Test func writesAnAssistantFolderFrontlineLoads() throws {
        let temp = try TemporaryFolder()
        let imported = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil)
        try AssistantFolderWriter.write(imported, to: temp.path)
        let domain = try DomainLoader.load(path: temp.path)
        let data = try DatasetLoader.load(path: temp.path)
        #expect(data.train.sorted { $0.text < $1.text } == imported.examples.map(\.utterance).sorted { $0.text < $1.text })
        #expect(DomainLoader.crossCheck(domain, against: data).map(\.description) == [])
        #expect(domain.form("order_pizza_form")?.cancelIntents == [])  // no "deny" intent to cancel with
    }

    @Test func otherLanguageAndZip() throws {
        let german = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: "de")
        #expect(Set(german.examples.map(\.utterance.intent)) == ["Default_Welcome_Intent", "opening.hours"])
        #expect(german.slot("size")?.values.map(\.canonical) == ["klein", "groß"])  // the entity's German entries
        let error = dataError { try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: "fr") }
        #expect(error?.message.contains("expected one of en, de") == true)

        let zipped = try DialogflowImporter.read(path: DialogflowFixtures.zip, language: nil)
        let folder = try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil)
        #expect(zipped.examples.map(\.utterance) == folder.examples.map(\.utterance))
        #expect(zipped.report.items(.warning).first?.file == DialogflowFixtures.zip + ":intents/order.pizza_usersays_en.json")
        #expect(try DatasetLoader.load(path: DialogflowFixtures.zip).train.count == folder.examples.count)
    }

    @Test func badArchiveAndJSONNameTheFile() throws {
        let temp = try TemporaryFolder()
        let zip = try temp.write("agent.zip", "not a zip")
        #expect(dataError { try DialogflowImporter.read(path: zip, language: nil) }?.message.contains("not a readable .zip") == true)
        try temp.write("agent/agent.json", #"{"language": "en"}"#)
        let intent = try temp.write("agent/intents/a.json", "{ broken")
        let error = dataError { try DialogflowImporter.read(path: temp.path + "/agent", language: nil) }
        #expect(error?.file == intent)
        #expect(error?.message.contains("invalid JSON") == true)
    }
}
