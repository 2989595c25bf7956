import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

/// import → export → import gives the same data.
@Suite struct ExportRoundTripTests {
    static func sorted(_ utterances: [Utterance]) -> [Utterance] {
        utterances.sorted { ($0.intent, $0.text) < ($1.intent, $1.text) }
    }

    static func valueSets(_ slot: ImportedAssistant.Slot?) -> [String: Set<String>] {
        Dictionary((slot?.values ?? []).map { ($0.canonical, Set($0.synonyms)) }, uniquingKeysWith: { $0.union($1) })
    }

    func roundTrip(_ first: ImportedAssistant) throws {
        let temp = try TemporaryFolder()
        let folder = temp.path + "/first", rasa = temp.path + "/rasa", again = temp.path + "/again"
        try AssistantFolderWriter.write(first, to: folder)
        let summary = try RasaExporter.export(data: folder, to: rasa)
        #expect(summary.examples == first.examples.count)
        #expect(summary.spans == first.report.importedCounts.spans)
        let second = try RasaImporter.read(path: rasa)
        try AssistantFolderWriter.write(second, to: again)

        #expect(second.report.items(.warning).isEmpty)
        #expect(Self.sorted(second.examples.map(\.utterance)) == Self.sorted(first.examples.map(\.utterance)))
        #expect(Self.sorted(try DatasetLoader.load(path: again).train) == Self.sorted(try DatasetLoader.load(path: folder).train))
        #expect(Set(second.slots.map(\.name)) == Set(first.slots.map(\.name)))
        for slot in first.slots {
            let other = second.slot(slot.name)
            #expect(other?.pattern == slot.pattern, "\(slot.name)")
            #expect(Self.valueSets(other) == Self.valueSets(slot), "\(slot.name)")
        }
        let a = try DomainLoader.load(path: folder), b = try DomainLoader.load(path: again)
        #expect(Set(a.intents.map(\.name)) == Set(b.intents.map(\.name)))
        for intent in a.intents {
            let other = b.intent(intent.name)
            #expect(other?.usesKnowledgeBase == intent.usesKnowledgeBase, "\(intent.name)")
            #expect(other?.humanOnly == intent.humanOnly, "\(intent.name)")
            #expect(intent.response.flatMap { a.response($0)?.variants } == other?.response.flatMap { b.response($0)?.variants }, "\(intent.name)")
            #expect(intent.form.flatMap { a.form($0)?.steps.map(\.ask) } == other?.form.flatMap { b.form($0)?.steps.map(\.ask) }, "\(intent.name)")
        }
        #expect(a.articles.map(\.summary).sorted() == b.articles.map(\.summary).sorted())
        #expect(a.articles.map(\.body).sorted() == b.articles.map(\.body).sorted())
        #expect(a.response("ask_rephrase")?.variants == b.response("ask_rephrase")?.variants)
    }

    @Test func rasaProject() throws {
        try roundTrip(try RasaImporter.read(path: RasaFixtures.shop))
    }

    @Test func dialogflowAgent() throws {
        try roundTrip(try DialogflowImporter.read(path: DialogflowFixtures.pizza, language: nil))
    }

    @Test func exportWritesRasaSyntax() throws {
        let temp = try TemporaryFolder()
        let data = try temp.write("nlu.yml", """
            version: "1"
            nlu:
              - intent: order_status
                examples: |
                  - where is [a48213](order_number:A-48213) with my [ps5](product)
            """)
        let summary = try RasaExporter.export(data: data, to: temp.path + "/rasa")
        #expect(summary.files == ["data/nlu.yml", "domain.yml"])
        let nlu = try String(contentsOfFile: temp.path + "/rasa/data/nlu.yml", encoding: .utf8)
        #expect(nlu.contains(#"- where is [a48213]{"entity":"order_number","value":"A-48213"} with my [ps5](product)"#))
        let back = try RasaImporter.read(path: temp.path + "/rasa")
        #expect(back.examples.map(\.utterance) == [Utterance(text: "where is a48213 with my ps5", intent: "order_status", slots: [
            SlotSpan(slot: "order_number", start: 9, end: 15, value: "A-48213"), SlotSpan(slot: "product", start: 24, end: 27)])])
    }

    @Test func defaultAssistantExportsAndReimports() throws {
        let root = PackageRoot.path
        let temp = try TemporaryFolder()
        let summary = try RasaExporter.export(data: root + "/TrainingData", to: temp.path)
        let original = try DatasetLoader.load(path: root + "/TrainingData").train
        #expect(summary.examples == original.count)
        let back = try RasaImporter.read(path: temp.path)
        #expect(back.report.items(.warning).isEmpty)
        #expect(Self.sorted(back.examples.map(\.utterance)) == Self.sorted(original))
    }
}
