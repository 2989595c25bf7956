import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

/// The Rasa fixtures under Tests/Fixtures/rasa, written from Rasa's documentation.
enum RasaFixtures {
    static let root = PackageRoot.path("Tests/Fixtures/rasa")
    static var shop: String { root + "/shop" }
}

@Suite struct RasaImportTests {
    /// Counts examples and annotations straight from the source text, independently of the
    /// importer: "- " lines in `examples: |` blocks and `- text:` entries of intent items, and
    /// the `](`, `]{`, `][` that close an annotated span.
    static func sourceCounts(_ files: [String], skippedLines: Set<String>) throws -> (examples: Int, spans: Int) {
        var examples = 0, spans = 0
        for file in files {
            let lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
            var inIntent = false, inBlock = false
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("- intent:") { inIntent = true; inBlock = false; continue }
                if trimmed.hasPrefix("- synonym:") || trimmed.hasPrefix("- lookup:") || trimmed.hasPrefix("- regex:") {
                    inIntent = false; continue
                }
                guard inIntent else { continue }
                if trimmed.hasPrefix("examples:") { inBlock = trimmed.hasSuffix("|"); continue }
                let isExample = (inBlock && trimmed.hasPrefix("- ")) || trimmed.hasPrefix("- text:")
                guard isExample else {
                    // The text of a `- text: |` block is on the next line.
                    if !inBlock, index > 0, lines[index - 1].trimmingCharacters(in: .whitespaces) == "- text: |" {
                        spans += Self.spanCount(trimmed)
                    }
                    continue
                }
                examples += 1
                if !skippedLines.contains("\(file):\(index + 1)") { spans += Self.spanCount(trimmed) }
            }
        }
        return (examples, spans)
    }

    static func spanCount(_ text: String) -> Int {
        ["](", "]{", "]["].reduce(0) { $0 + text.components(separatedBy: $1).count - 1 }
    }

    @Test func countsInTheReportEqualTheSource() throws {
        let imported = try RasaImporter.read(path: RasaFixtures.shop)
        let report = imported.report
        let skipped = Set(report.items(.warning).map(\.location))
        #expect(skipped == ["\(RasaFixtures.shop)/data/nlu.yml:46"])
        let files = ["\(RasaFixtures.shop)/data/nlu.yml", "\(RasaFixtures.shop)/data/nlu/faq.yml"]
        let expected = try Self.sourceCounts(files, skippedLines: skipped)
        #expect(report.sourceCounts.examples == expected.examples)
        #expect(report.importedCounts.examples + report.skippedExamples == expected.examples)
        #expect(report.sourceCounts.spans == expected.spans)
        #expect(report.importedCounts.spans == expected.spans)
        #expect(imported.examples.count == report.importedCounts.examples)
        #expect(report.markdown().contains("| in the source | \(expected.examples) | \(expected.spans) |"))
    }

    @Test func writesAnAssistantFolderFrontlineLoads() throws {
        let temp = try TemporaryFolder()
        let imported = try RasaImporter.read(path: RasaFixtures.shop)
        let report = try AssistantFolderWriter.write(imported, to: temp.path)
        let domain = try DomainLoader.load(path: temp.path)
        let data = try DatasetLoader.load(path: temp.path)
        #expect(data.format == .frontline)
        #expect(data.train == imported.examples.map(\.utterance))
        #expect(DomainLoader.crossCheck(domain, against: data).map(\.description) == [])
        #expect(report.importedCounts.examples == data.train.count)
        #expect(report.importedCounts.spans == data.train.reduce(0) { $0 + $1.slots.count })
        #expect(FileManager.default.fileExists(atPath: temp.path + "/import-report.md"))

        // Rules and stories: intent → response, form and the response after it.
        #expect(domain.intent("goodbye")?.response == "utter_goodbye")
        #expect(domain.intent("order_status")?.form == "order_form")
        #expect(domain.intent("order_status")?.response == "utter_order_status")
        #expect(domain.intent("book_flight")?.response == "utter_flight_booked")
        #expect(domain.intent("affirm")?.response == "utter_affirm")  // 2 stories against 1
        #expect(domain.intent("check_balance")?.humanOnly == true)  // a custom action
        // Retrieval intents keep their names and are answered by articles.
        #expect(domain.intent("faq/ask_price")?.usesKnowledgeBase == true)
        let article = try #require(domain.articles(for: "faq/ask_price").first)
        #expect(article.summary == "Prices are listed on each product page, including tax.")
        #expect(article.body.contains("You can see every price on the product's page."))
        // Forms: required slots in order, with the utter_ask_ questions.
        let flight = try #require(domain.form("flight_form"))
        #expect(flight.steps.map { $0.targets.map(\.slot) } == [["departure_city"], ["destination_city"], ["passengers"]])
        #expect(flight.steps[0].ask == ["Where are you flying from?"])
        #expect(flight.steps[1].ask == ["Where to?"])
        // Fallback response.
        #expect(domain.response("ask_rephrase")?.variants == ["Sorry, I didn't get that. Could you rephrase?"])
    }

    @Test func slotsComeFromEntitiesRolesLookupsSynonymsAndRegexes() throws {
        let imported = try RasaImporter.read(path: RasaFixtures.shop)
        #expect(imported.slot("product")?.values.first { $0.canonical == "phone" }?.synonyms.sorted() == ["cellphone", "mobile", "smartphone"])
        #expect(imported.slot("departure_city")?.values.map(\.canonical).contains("New York") == true)  // lookup file
        #expect(imported.slot("destination_city")?.values.map(\.canonical).contains("Berlin") == true)
        #expect(imported.slot("account_type")?.values.first { $0.canonical == "savings" }?.synonyms == ["savings account"])
        #expect(imported.slot("order_id")?.pattern == "[A-Za-z]\\s?-?\\d{4}")
        #expect(imported.slot("passengers")?.entity == "number")
        #expect(imported.slot("email")?.entity == "email")  // Duckling in config.yml
        let berlin = try #require(imported.examples.first { $0.utterance.text.hasPrefix("book a flight from Berlin") })
        #expect(berlin.utterance.slots.map(\.slot) == ["departure_city", "destination_city"])
        let cell = try #require(imported.examples.first { $0.utterance.text.contains("cellphone") })
        #expect(cell.utterance.slots == [SlotSpan(slot: "product", start: 6, end: 15, value: "phone")])
        let items = imported.report.items
        #expect(items.contains { $0.category == "entity group" && $0.location.hasSuffix("nlu.yml:56") })
        #expect(items.contains { $0.category == "regex" && $0.detail.contains("zipcode") })
    }

    @Test func responsesKeepTextsAndReportTheRest() throws {
        let imported = try RasaImporter.read(path: RasaFixtures.shop)
        // "slot is set" with {slot} in the text is how Frontline picks variants anyway.
        #expect(imported.response("utter_order_status") == ["Let me look up order {order_id} for you.", "Let me look up your order."])
        #expect(imported.response("utter_goodbye") == ["Goodbye!"])
        #expect(imported.response("utter_flight_booked")?.first?.contains("{{customer_name}}") == true)
        let categories = Set(imported.report.items(.notCarried).map(\.category))
        for expected in ["buttons", "image", "channel", "story", "rule", "custom action", "session_config", "config",
                         "metadata", "intent property", "slot mapping", "response only sent by stories or actions"] {
            #expect(categories.contains { $0.hasPrefix(expected) }, "missing \(expected) in \(categories)")
        }
        let vip = imported.report.items.filter { $0.detail.hasPrefix("utter_vip") }
        #expect(!vip.isEmpty)
        #expect(imported.report.items.first { $0.category == "story" }?.location == "\(RasaFixtures.shop)/data/stories.yml:3")
    }

    @Test func trainingFromTheRasaFolderDirectly() throws {
        #expect(try DatasetLoader.detectFormat(path: RasaFixtures.shop) == .rasa)
        let data = try DatasetLoader.load(path: RasaFixtures.shop, format: .rasa)
        #expect(data.format == .rasa)
        #expect(data.train.count == 63)
        #expect(Set(data.train.map(\.intent)).contains("faq/ask_price"))
        // Every annotated span starts and ends on a word boundary, so the slot tagger can learn all of them.
        for utterance in data.train {
            let scalars = Array(utterance.text.unicodeScalars)
            for span in utterance.slots {
                #expect(span.start == 0 || !CharacterSet.alphanumerics.contains(scalars[span.start - 1]), "\(utterance.text)")
                #expect(span.end == scalars.count || !CharacterSet.alphanumerics.contains(scalars[span.end]), "\(utterance.text)")
            }
        }
    }

    @Test func rasa2FormsTemplatesAndSingleFiles() throws {
        let temp = try TemporaryFolder()
        let domain = try temp.write("proj/domain.yml", """
            version: "2.0"
            intents: [request_table, greet]
            entities: [cuisine]
            slots:
              cuisine:
                type: text
              people:
                type: float
            templates:
              utter_greet:
                - text: Hi!
              utter_ask_people:
                - text: For how many people?
              utter_done:
                - text: Booked a {cuisine} table.
            forms:
              table_form:
                required_slots:
                  cuisine:
                    - type: from_entity
                      entity: cuisine
                  people:
                    - type: from_entity
                      entity: number
              old_form:
                cuisine:
                  - type: from_entity
                    entity: cuisine
            """)
        try temp.write("proj/data/nlu.yml", """
            version: "2.0"
            nlu:
            - intent: request_table
              examples: |
                - a table for [italian](cuisine) food
                - book a [thai](cuisine) place
            - intent: greet
              examples:
                - hi
                - hello
            """)
        try temp.write("proj/data/rules.yml", """
            rules:
            - rule: table
              steps:
              - intent: request_table
              - action: table_form
              - active_loop: table_form
              - active_loop: null
              - action: utter_done
            """)
        let imported = try RasaImporter.read(path: temp.path + "/proj")
        let form = try #require(imported.forms.first { $0.name == "table_form" })
        #expect(form.steps.map(\.slot) == ["cuisine", "people"])
        #expect(form.steps[1].ask == ["For how many people?"])
        #expect(form.steps[0].ask == ["Could you tell me the cuisine?"])
        #expect(imported.intent("request_table")?.response == "utter_done")
        #expect(imported.intent("greet")?.response == "utter_greet")  // utter_<intent>, from `templates`
        #expect(imported.report.items.contains { $0.category == "form not started by an intent" && $0.detail.contains("old_form") })
        let out = temp.path + "/out"
        try AssistantFolderWriter.write(imported, to: out)
        _ = try DomainLoader.load(path: out)

        // A single NLU file imports on its own.
        let single = try RasaImporter.read(path: temp.path + "/proj/data/nlu.yml")
        #expect(single.examples.count == 4)
        #expect(single.intent("greet")?.response == nil)
        _ = domain
    }

    @Test func malformedAnnotationsSkipTheExampleWithFileAndLine() throws {
        let temp = try TemporaryFolder()
        let file = try temp.write("nlu.yml", """
            version: "3.1"
            nlu:
            - intent: ask
              examples: |
                - fine [here](place)
                - broken [json]{"entity": } here
                - missing [entity]{"value": "x"}
                not an example line
                - plain [brackets] stay text
            """)
        let imported = try RasaImporter.read(path: file)
        #expect(imported.examples.map(\.utterance.text) == ["fine here", "plain [brackets] stay text"])
        let warnings = imported.report.items(.warning)
        #expect(warnings.map(\.location) == ["\(file):6", "\(file):7", "\(file):8"])
        #expect(warnings[0].detail.contains("expected a JSON object"))
        #expect(warnings[1].detail.contains("expected an \"entity\" name"))
        #expect(warnings[2].detail.contains("expected an example line starting with '- '"))
        #expect(imported.report.sourceCounts.examples == 5)
    }

    @Test func invalidYAMLNamesFileAndLine() throws {
        let temp = try TemporaryFolder()
        let file = try temp.write("nlu.yml", "nlu:\n- intent: a\n  examples: [unclosed\n")
        let error = dataError { try RasaImporter.read(path: file) }
        #expect(error?.file == file)
        #expect(error?.line != nil)
        #expect(error?.message.contains("invalid YAML") == true)
    }
}

@Suite struct RasaAnnotationTests {
    @Test func allAnnotationForms() throws {
        let parsed = try RasaAnnotation.parse(#"fly from [Berlin]{"entity": "city", "role": "from", "group": 2} to [NYC](city:New York) on [monday](date)"#)
        #expect(parsed.text == "fly from Berlin to NYC on monday")
        #expect(parsed.entities.map(\.entity) == ["city", "city", "date"])
        #expect(parsed.entities[0].role == "from")
        #expect(parsed.entities[0].group == "2")
        #expect(parsed.entities[1].value == "New York")
        #expect(parsed.entities.map(\.start) == [9, 19, 26])
        #expect(parsed.entities.map(\.end) == [15, 22, 32])
        let list = try RasaAnnotation.parse(#"[pizza][{"entity": "food"}, {"entity": "dish", "value": "p"}] now"#)
        #expect(list.text == "pizza now")
        #expect(list.entities.first?.extra == ["dish"])
    }

    @Test func unicodeOffsetsAreScalars() throws {
        let parsed = try RasaAnnotation.parse("café in [Zürich](city)")
        #expect(parsed.entities.first.map { ($0.start, $0.end) } ?? (0, 0) == (8, 14))
    }

    @Test func malformed() {
        for bad in ["[a](b", "[a]{\"entity\": 1}", "[](x)", "[a](:v)", "[a][]"] {
            #expect(throws: RasaAnnotation.Malformed.self, "\(bad)") { try RasaAnnotation.parse(bad) }
        }
    }
}
