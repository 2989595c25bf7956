import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

/// The default assistant shipped in TrainingData/.
enum ShippedAssistant {
    static let root = PackageRoot.path("TrainingData")

    /// Loaded as a deployment without ACME_ORDERS_URL would, whatever this machine has set.
    static func domain() throws -> Domain {
        try DomainLoader.load(path: root, environment: [:])
    }
}

@Suite struct DomainTrainingDataTests {
    @Test func shippedDomainLoadsWithItsArticles() throws {
        let domain = try ShippedAssistant.domain()
        #expect(domain.file == ShippedAssistant.root + "/domain.yml")
        #expect(domain.articles.count == 40)
        #expect(domain.articles.filter(\.isFallback).map(\.id) == ["troubleshooting-power-general"])
        #expect(Set(domain.articles.compactMap(\.family)) == ["Phone", "Laptop", "TV", "Headphones", "Smart watch", "Power bank or charger"])
        #expect(domain.knowledgeBase?.unresolved?.intent == "replacement_request")
        #expect(domain.escalation.waitingUpdate == "waiting_update")
        #expect(domain.escalation.priority.tiers["gold"] == 2)
        #expect(domain.articles.map(\.id) == domain.articles.map(\.id).sorted())
        #expect(domain.knowledgeBase?.answer == "kb_answer")
        #expect(domain.escalation.humanRequestIntents == ["talk_to_human"])
        #expect(Set(domain.escalation.queues.map(\.name)) == ["orders", "returns", "tech_support", "billing", "general"])
        #expect(domain.action("order_status")?.url == "http://127.0.0.1:8089/orders/{order_number}")
        #expect(domain.slot("email")?.memory == .customer)
    }

    @Test func shippedDomainAgreesWithTheNLUData() throws {
        let domain = try ShippedAssistant.domain()
        let nlu = try DatasetLoader.load(path: ShippedAssistant.root + "/nlu")
        let problems = DomainLoader.crossCheck(domain, against: nlu)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        #expect(Set(domain.intents.map(\.name)) == Set(nlu.train.map(\.intent)))
    }

    @Test func everyFormSlotAndPlaceholderOfTheShippedDomainResolves() throws {
        let domain = try ShippedAssistant.domain()
        let slots = Set(domain.slots.map(\.name))
        let variables: Set<String> = ["wait_minutes", "queue_position", "article_title", "article_summary", "article_url"]
        for form in domain.forms {
            for step in form.steps {
                #expect(step.targets.allSatisfy { slots.contains($0.slot) }, "form \(form.name)")
                #expect(!step.ask.isEmpty, "form \(form.name)")
                for text in step.ask + step.invalid {
                    #expect(try ResponseTemplate.placeholders(in: text).allSatisfy { slots.contains($0.name) }, "\(text)")
                }
            }
        }
        for response in domain.responses {
            for variant in response.variants {
                for placeholder in try ResponseTemplate.placeholders(in: variant) {
                    let name = placeholder.name
                    #expect(slots.contains(name) || variables.contains(name) || name.hasPrefix("result."), "\(response.name): {\(name)}")
                }
            }
        }
        for intent in domain.intents {
            #expect(domain.queue(intent.queue) != nil)
            if let form = intent.form { #expect(domain.form(form) != nil) }
            if intent.usesKnowledgeBase { #expect(!domain.articles(for: intent.name).isEmpty, "\(intent.name)") }
        }
    }

    @Test func shippedSlotsRecogniseWhatCustomersType() throws {
        let domain = try ShippedAssistant.domain()
        let order = try #require(domain.slot("order_number"))
        #expect(order.definition.patternIgnoresCase)
        let regex = try NSRegularExpression(pattern: try #require(order.definition.pattern), options: [.caseInsensitive])
        let typed = ["A-48213": "A-48213", "a48213": "A-48213", "A 48213": "A-48213", "#A-48213": "A-48213", "a-90213": "A-90213", "A–12345": "A-12345"]
        for (text, canonical) in typed {
            let range = NSRange(text.startIndex..., in: text)
            let match = try #require(regex.firstMatch(in: text, range: range), "\(text)")
            #expect(regex.replacementString(for: match, in: text, offset: 0, template: order.canonical ?? "") == canonical)
        }
        let postcode = try NSRegularExpression(pattern: try #require(domain.slot("postcode")?.definition.pattern), options: [.caseInsensitive])
        let text = "order A-48213 to SW1A 1AA"
        let found = postcode.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range) }
        #expect(found == ["SW1A 1AA"])

        let product = try #require(domain.slot("product"))
        #expect(product.definition.values.count == 26)
        #expect(product.definition.values.first { $0.canonical == "playstation 5" }?.synonyms == ["ps5", "ps 5", "playstation"])
    }

    /// `frontline train --data TrainingData` reads nlu/ (and domain.yml), never frustration/.
    @Test func trainingOnTheAssistantFolderReadsOnlyItsNLUData() throws {
        let whole = try DatasetLoader.load(path: ShippedAssistant.root)
        let nlu = try DatasetLoader.load(path: ShippedAssistant.root + "/nlu")
        #expect(whole.train == nlu.train)
        #expect(!whole.train.contains { ["frustrated", "calm"].contains($0.intent) })
    }

    @Test func anAssistantFolderIsReadAsItsDomainFileAndNLUFolder() throws {
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", "intents: {}\n")
        try dir.write("nlu/orders.yml", "nlu:\n  - intent: order_status\n    examples: [where is my order]\n")
        try dir.write("frustration/frustrated.yml", "nlu:\n  - intent: frustrated\n    examples: [WHERE IS IT]\n")
        try dir.write("extra.yml", "nlu:\n  - intent: stray\n    examples: [not read]\n")
        #expect(try DatasetLoader.load(path: dir.path).train.map(\.intent) == ["order_status"])
        // Without the nlu/ folder it is an ordinary folder again: everything is read.
        try FileManager.default.removeItem(atPath: dir.path + "/nlu")
        #expect(try DatasetLoader.load(path: dir.path).train.map(\.intent) == ["stray", "frustrated"])
    }

    @Test func frustrationDataHasBothClassesWithEnoughVariedExamples() throws {
        let data = try DatasetLoader.load(path: ShippedAssistant.root + "/frustration")
        var counts: [String: Int] = [:]
        for utterance in data.train { counts[utterance.intent, default: 0] += 1 }
        #expect(Set(counts.keys) == ["frustrated", "calm"])
        #expect(counts.values.allSatisfy { $0 >= 150 }, "\(counts)")
        let normalised = data.train.map { $0.text.lowercased().filter { $0.isLetter || $0.isNumber } }
        #expect(Set(normalised).count == normalised.count, "duplicate examples")
    }
}
