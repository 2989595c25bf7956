import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

/// A small domain using every feature; error tests change one thing in it.
enum DomainFixture {
    static let yaml = #"""
        version: "1"
        slots:
          order_number:
            pattern: '\bA\s?-?(\d{5})\b'
            ignore_case: true
            canonical: 'A-$1'
            ask: What's your order number?
            invalid: Order numbers look like A-12345.
          email:
            entity: email
            remember: customer
            ask: What's your email?
            invalid: That doesn't look like an email address.
          address:
          product:
            values:
              - iphone 15 pro: [15 pro, iphone 15pro]
              - pixel 8
        intents:
          greet: {response: hello}
          deny: {response: no_problem}
          order_status: {form: lookup, action: status}
          refund: {form: [order_number], response: refund_info, queue: billing}
          move: {form: moving, human_only: true, response: move_ack}
          help: {kb: true}
          human: {}
          oos: {response: fallback}
        forms:
          lookup:
            slots: [order_number]
            on_cancel: cancelled
          moving:
            slots:
              - slot: order_number
                max_retries: 1
              - slot: address
                ask: [Where to?, "What's the new address for {order_number}?"]
              - one_of: [email, product]
                ask: Your email or the product?
                invalid: I need an email or a product name.
            on_give_up: gave_up
            cancel_intents: [deny, greet]
        responses:
          hello: [Hi!, Hello!]
          no_problem: No problem.
          refund_info: Refunds for {order_number} take 5 days.
          move_ack: I'll pass {order_number} to a person; about {wait_minutes} minutes.
          fallback: I can't help with that.
          cancelled: Stopped.
          gave_up: Let's try something else.
          status_ok:
            - Order {order_number} is {result.status}.
          status_missing: No order {order_number}.
          status_down: The order system is down.
          handoff_ack: A person will be with you in {wait_minutes} minutes.
          rephrase: Could you rephrase that?
          kb_answer: "{article_summary} {article_url}"
          kb_help: Did that help with {article_title}?
          kb_none: I don't know that one.
        actions:
          status:
            type: http
            method: get
            url: '${ORDERS_URL:-http://127.0.0.1:8089}/orders/{order_number}'
            timeout_ms: 2500
            success: status_ok
            not_found: status_missing
            failure: status_down
        escalation:
          human_request_intents: [human]
          consecutive_fallbacks: 3
          low_confidence: 0.35
          queues:
            general:
              expected_wait_minutes: 3
            orders:
              intents: [order_status, move]
              expected_wait_minutes: 4
            billing:
              expected_wait_minutes: 5
          default_queue: general
          acknowledgement: handoff_ack
          rephrase: rephrase
        kb:
          min_score: 0.25
          answer: kb_answer
          follow_up: kb_help
          no_match: kb_none
        """#

    static let article = """
        ---
        title: Getting help
        summary: Ask us anything.
        tags: [help]
        intents: [help]
        products: [pixel 8]
        audience: customer
        url: https://help.example/help
        ---
        # Getting help

        Write to us.
        """

    /// A TrainingData-like folder with the fixture (or `yaml`) and one article.
    static func folder(_ yaml: String = yaml, article: String = article) throws -> TemporaryFolder {
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", yaml)
        try dir.write("kb/getting-help.md", article)
        return dir
    }

    /// 1-based line of the first line containing `needle` ("^needle": starting with it).
    static func line(of needle: String, in text: String = yaml) -> Int {
        let lines = text.components(separatedBy: "\n")
        let index = needle.hasPrefix("^")
            ? lines.firstIndex { $0.hasPrefix(needle.dropFirst()) }
            : lines.firstIndex { $0.contains(needle) }
        return (index ?? -2) + 1
    }

    static func load(_ dir: TemporaryFolder, environment: [String: String] = [:]) throws -> Domain {
        try DomainLoader.load(path: dir.path, environment: environment)
    }
}

@Suite struct DomainLoaderTests {
    @Test func thePolicysNamesComeFromTheDomainAndMissingDefaultsAreWarnedAbout() throws {
        // The fixture has `deny` but neither an `affirm` intent nor a `thanks` response.
        let plain = try DomainFixture.load(try DomainFixture.folder())
        #expect(plain.policy == PolicyNames())
        #expect(plain.warnings.count == 2)
        #expect(plain.warnings.contains { $0.contains("no intent 'affirm'") && $0.contains("domain.yml") })
        #expect(plain.warnings.contains { $0.contains("no response 'thanks'") })
        #expect(plain.escalation.defaultWaitMinutes == 5)

        let named = DomainFixture.yaml
            .replacingOccurrences(of: "escalation:\n", with: """
                policy:
                  affirm_intent: greet
                  thanks_response: hello
                  product_slot: email
                escalation:
                  default_wait_minutes: 12

                """)
        let domain = try DomainFixture.load(try DomainFixture.folder(named))
        #expect(domain.policy == PolicyNames(affirmIntent: "greet", denyIntent: "deny", thanksResponse: "hello", productSlot: "email"))
        #expect(domain.warnings.isEmpty)
        #expect(domain.escalation.defaultWaitMinutes == 12)
    }

    @Test func loadsEverySection() throws {
        let dir = try DomainFixture.folder()
        let domain = try DomainFixture.load(dir)
        #expect(domain.file == dir.path + "/domain.yml")
        #expect(domain.version == "1")
        #expect(domain.slots.map(\.name) == ["order_number", "email", "address", "product"])
        #expect(domain.intents.map(\.name) == ["greet", "deny", "order_status", "refund", "move", "help", "human", "oos"])
        #expect(domain.responses.first?.variants == ["Hi!", "Hello!"])
        #expect(domain.articles.map(\.id) == ["getting-help"])
        #expect(domain.articles(for: "help").count == 1)
        #expect(domain.knowledgeBase == KnowledgeBaseSettings(minScore: 0.25, answer: "kb_answer", followUp: "kb_help", noMatch: "kb_none"))
    }

    @Test func intentsDeclareWhichWayUndatedMonthsPoint() throws {
        let yaml = DomainFixture.yaml.replacingOccurrences(
            of: "  order_status: {form: lookup, action: status}", with: "  order_status: {form: lookup, action: status, dates: past}")
            .replacingOccurrences(of: "  refund: {form: [order_number], response: refund_info, queue: billing}",
                                  with: "  refund: {form: [order_number], response: refund_info, queue: billing, dates: future}")
        let domain = try DomainFixture.load(try DomainFixture.folder(yaml))
        #expect(domain.dateDirections == ["order_status": .past, "refund": .future])
        #expect(domain.intent("greet")?.dates == nil)
    }

    @Test func slotsMapToSlotDefinitions() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        #expect(domain.slotDefinitions == [
            SlotDefinition(name: "order_number", pattern: #"\bA\s?-?(\d{5})\b"#, patternIgnoresCase: true, canonical: "A-$1"),
            SlotDefinition(name: "email", entity: "email"),
            SlotDefinition(name: "address"),
            SlotDefinition(name: "product", values: [
                SlotValue(canonical: "iphone 15 pro", synonyms: ["15 pro", "iphone 15pro"]),
                SlotValue(canonical: "pixel 8"),
            ]),
        ])
        let order = try #require(domain.slot("order_number"))
        #expect(order.canonical == "A-$1")
        #expect(order.memory == .conversation)
        #expect(order.ask == ["What's your order number?"])
        #expect(order.invalid == ["Order numbers look like A-12345."])
        #expect(domain.slot("email")?.memory == .customer)
        #expect(domain.slot("address")?.isFreeText == true)
        #expect(domain.slot("product")?.isFreeText == false)
    }

    @Test func formsResolveDefaultsAndValidation() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        let lookup = try #require(domain.form("lookup"))
        #expect(lookup.steps == [FormStep(
            targets: [.init(slot: "order_number", validation: .pattern(#"\bA\s?-?(\d{5})\b"#, ignoresCase: true))],
            ask: ["What's your order number?"], invalid: ["Order numbers look like A-12345."], maxRetries: 2,
            line: DomainFixture.line(of: "slots: [order_number]"))])
        #expect(lookup.onGiveUp == .handoff)
        #expect(lookup.cancelIntents == ["deny"])
        #expect(lookup.onCancel == "cancelled")

        let moving = try #require(domain.form("moving"))
        #expect(moving.slots == ["order_number", "address", "email", "product"])
        #expect(moving.steps[0].maxRetries == 1)
        #expect(moving.steps[1].ask == ["Where to?", "What's the new address for {order_number}?"])
        #expect(moving.steps[1].targets == [.init(slot: "address", validation: .anyText)])
        #expect(moving.steps[1].invalid.isEmpty)
        #expect(moving.steps[2].targets.map(\.validation) == [.entity("email"), .values([
            SlotValue(canonical: "iphone 15 pro", synonyms: ["15 pro", "iphone 15pro"]), SlotValue(canonical: "pixel 8")])])
        #expect(moving.onGiveUp == .response("gave_up"))
        #expect(moving.cancelIntents == ["deny", "greet"])

        // An inline slot list becomes a form named after the intent.
        let refund = try #require(domain.form("refund"))
        #expect(domain.intent("refund")?.form == "refund")
        #expect(refund.slots == ["order_number"])
        #expect(refund.onCancel == nil)
    }

    @Test func intentsActionsAndQueues() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        #expect(domain.intent("order_status") == DomainIntent(name: "order_status", form: "lookup", action: "status", queue: "orders",
                                                                  line: DomainFixture.line(of: "order_status: {")))
        #expect(domain.intent("move")?.humanOnly == true)
        #expect(domain.intent("help")?.usesKnowledgeBase == true)
        #expect(domain.intent("refund")?.queue == "billing")
        #expect(domain.intent("greet")?.queue == "general")
        #expect(domain.queue("billing")?.intents == ["refund"])
        #expect(domain.queue("orders")?.intents == ["order_status", "move"])

        let action = try #require(domain.action("status"))
        #expect(action.method == .get)
        #expect(action.url == "http://127.0.0.1:8089/orders/{order_number}")
        #expect(action.urlTemplate == "${ORDERS_URL:-http://127.0.0.1:8089}/orders/{order_number}")
        #expect(action.urlSlots == ["order_number"])
        #expect(action.timeoutMilliseconds == 2500)
        #expect([action.success, action.notFound, action.failure] == ["status_ok", "status_missing", "status_down"])

        let escalation = domain.escalation
        #expect(escalation.humanRequestIntents == ["human"])
        #expect(escalation.consecutiveFallbacks == 3)
        #expect(escalation.lowConfidence == 0.35)
        // Defaults for the knobs the fixture leaves out.
        #expect(escalation.lowConfidenceTurns == 2)
        #expect(escalation.frustrationThreshold == 0.8)
        #expect(escalation.repeatedMessageCount == 3)
        #expect(escalation.kbMisses == 2)
        #expect(escalation.defaultQueue == "general")
    }

    @Test func environmentOverridesTheURLDefault() throws {
        let domain = try DomainFixture.load(DomainFixture.folder(), environment: ["ORDERS_URL": "https://orders.internal"])
        #expect(domain.action("status")?.url == "https://orders.internal/orders/{order_number}")
    }

    @Test func pathMayBeTheFileOrItsFolder() throws {
        let dir = try DomainFixture.folder()
        #expect(try DomainLoader.load(path: dir.path + "/domain.yml", environment: [:]).articles.count == 1)
        #expect(try DomainLoader.domainFile(at: dir.path) == dir.path + "/domain.yml")
    }

    @Test func pathErrors() throws {
        let empty = try TemporaryFolder()
        expect(dataError { try DomainLoader.load(path: empty.path) }, file: empty.path, line: nil, contains: ["no domain.yml in this folder"])
        expect(dataError { try DomainLoader.load(path: empty.path + "/nope") }, file: empty.path + "/nope", line: nil,
               contains: ["no such file or directory"])
        let both = try DomainFixture.folder()
        try both.write("domain.yaml", DomainFixture.yaml)
        expect(dataError { try DomainLoader.load(path: both.path) }, file: both.path, line: nil, contains: ["both domain.yml and domain.yaml"])
    }

    @Test func aDomainWithoutKnowledgeBaseNeedsNoArticles() throws {
        let yaml = DomainFixture.yaml
            .replacingOccurrences(of: "  help: {kb: true}\n", with: "")
            .replacingOccurrences(of: "  kb_answer: \"{article_summary} {article_url}\"\n  kb_help: Did that help with {article_title}?\n  kb_none: I don't know that one.\n", with: "")
            .replacingOccurrences(of: "kb:\n  min_score: 0.25\n  answer: kb_answer\n  follow_up: kb_help\n  no_match: kb_none", with: "")
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", yaml)
        let domain = try DomainFixture.load(dir)
        #expect(domain.knowledgeBase == nil)
        #expect(domain.articles.isEmpty)
    }
}

@Suite struct ProactiveSectionTests {
    static func domain(_ proactive: String) throws -> Domain {
        try DomainFixture.load(try DomainFixture.folder(DomainFixture.yaml + "\n" + proactive))
    }

    @Test func readsRulesInOrder() throws {
        let domain = try Self.domain("""
            proactive:
              min_interval_seconds: 600
              rules:
                stuck:
                  when: {event: error, page: "/checkout*"}
                  message: hello
                  intent: greet
                browsing:
                  when: {page: /help, seconds_on_page: 30}
                  message: no_problem
                  intent: greet
            """)
        let rules = try #require(domain.proactive)
        #expect(rules.minIntervalSeconds == 600)
        #expect(rules.windowSeconds == 1800)
        #expect(rules.rules.map(\.name) == ["stuck", "browsing"])
        #expect(rules.rules.first?.event == "error")
        #expect(rules.rules.first?.page == "/checkout*")
        #expect(rules.rules.last?.secondsOnPage == 30)
    }

    @Test func namesWhatIsWrong() throws {
        let unknownEvent = """
            proactive:
              rules:
                odd:
                  when: {event: scroll}
                  message: hello
                  intent: greet
            """
        #expect { try Self.domain(unknownEvent) } throws: { "\($0)".contains("unknown event 'scroll'") }
        let unknownIntent = """
            proactive:
              rules:
                odd:
                  when: {event: cart, cart_above: 10}
                  message: hello
                  intent: gret
            """
        #expect { try Self.domain(unknownIntent) } throws: { "\($0)".contains("unknown intent 'gret'") }
        let noConditions = """
            proactive:
              rules:
                odd:
                  when: {}
                  message: hello
                  intent: greet
            """
        #expect { try Self.domain(noConditions) } throws: { "\($0)".contains("expected at least one condition") }
    }
}
