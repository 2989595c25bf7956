import Foundation
import FrontlineAssistant
import FrontlineEngine
import HummingbirdTesting
import Testing

/// Customers' stories, told through the HTTP API against the shipped assistant: what the
/// customer writes, what kind of reply comes back, and what an agent finally receives.
@Suite("Stories over HTTP")
struct StoryTests {
    static func send(
        _ client: any TestClientProtocol, _ id: String, _ text: String, channel: String = "web", customer: String? = nil,
        metadata: [String: String]? = nil
    ) async throws -> MessageResponse {
        let reply = try await client.message(id, text, channel: channel, customer: customer, metadata: metadata)
        #expect(reply.status == 200, "\(text): \(reply.text)")
        return try reply.decode(MessageResponse.self)
    }

    @Test("The broken gadget: unknown product → which device → general article → still broken → exchange → handoff with the story")
    func brokenGadget() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let customer = uniqueId("cust")
            // Earlier, on a social channel.
            _ = try await Self.send(client, uniqueId("social"), "my new gadget won't switch on at all", channel: "social", customer: customer)

            let web = uniqueId("web")
            let first = try await Self.send(
                client, web, "I bought a speaker last week and it won't turn on even after charging", customer: customer,
                metadata: ["product": "acme boom speaker"])
            #expect(first.parse?.intent == "device_wont_turn_on")
            let question = try #require(first.replies.last)
            #expect(question.kind == "question")
            #expect(question.buttons?.contains("Phone") == true)
            #expect(question.buttons?.contains("Something else") == true)

            let general = try await Self.send(client, web, "Something else", customer: customer)
            #expect(general.replies.first?.kind == "article")
            #expect(general.replies.first?.article?.id == "troubleshooting-power-general")

            let stillBroken = try await Self.send(client, web, "no, that didn't help", customer: customer)
            let offer = try #require(stillBroken.replies.last)
            #expect(offer.kind == "question")
            #expect(offer.buttons?.contains("Exchange it") == true)
            #expect(stillBroken.status == "bot")

            let exchange = try await Self.send(client, web, "Exchange it", customer: customer)
            #expect(exchange.replies.last?.kind == "question")
            #expect(exchange.replies.last?.text.contains("order number") == true)

            let handed = try await Self.send(client, web, "it's A-12345", customer: customer)
            #expect(handed.status == "handoff")
            let handoff = try #require(handed.handoff)
            #expect(handoff.queue == "tech_support")
            #expect(handoff.slots["order_number"] == "A-12345")
            #expect(handoff.slots["claim_type"] == "exchange")
            #expect(handoff.summary.contains("device wont turn on"))
            #expect(!handoff.summary.contains("help with deny"))
            #expect(handoff.summary.contains("(did not help)"))
            #expect(handoff.summary.contains("[social]"))
            #expect(handoff.otherChannels.contains { $0.channel == "social" })
        }
    }

    @Test("The broken gadget, another way: a known family by name, then 'it still doesn't work'")
    func brokenGadgetByFamily() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let web = uniqueId("web")
            let first = try await Self.send(client, web, "my gizmo won't power on", metadata: ["product": "acme gizmo x"])
            #expect(first.replies.last?.buttons?.contains("Laptop") == true)
            let laptop = try await Self.send(client, web, "it's a laptop")
            #expect(laptop.replies.first?.article?.id == "troubleshooting-laptop-wont-turn-on")
            let again = try await Self.send(client, web, "I tried all that and it still won't turn on")
            #expect(again.replies.last?.buttons?.contains("Warranty claim") == true)
            let person = try await Self.send(client, web, "Talk to a person")
            #expect(person.status == "handoff")
            #expect(person.handoff?.summary.contains("device wont turn on") == true)
            #expect(person.handoff?.summary.contains("My Acme laptop won't turn on") == true)
        }
    }

    @Test("The impatient customer: told the place and wait, not spammed, silent once an agent is there")
    func impatientCustomer() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.storeClock)
        try await TestServer.run(server) { client in
            let ahead = uniqueId()
            _ = try await HandoffDocumentTests.handOff(client, ahead)
            let id = uniqueId()
            let handed = try await HandoffDocumentTests.handOff(client, id)
            #expect(handed.handoff?.position == 2)
            #expect(handed.handoff?.expectedWaitMinutes == 6)
            clock.advance(seconds: 30)
            let first = try await Self.send(client, id, "hello?? anyone?")
            #expect(first.replies.map(\.kind) == ["waiting"])
            #expect(first.replies.first?.text.contains("number 2") == true)
            clock.advance(seconds: 10)
            #expect(try await Self.send(client, id, "HELLO").replies.isEmpty)
            // The one ahead is taken: this customer moves up.
            _ = try await client.call(.post, "/v1/conversations/\(ahead)/agent-messages", key: Keys.agent, json: ["text": "Hi", "agent_id": "bo"])
            clock.advance(seconds: 120)
            let moved = try await Self.send(client, id, "still here")
            #expect(moved.replies.first?.text.contains("number 1") == true)
            _ = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent, json: ["text": "Hi, Ann here", "agent_id": "ann"])
            clock.advance(seconds: 300)
            #expect(try await Self.send(client, id, "great, thanks").replies.isEmpty)
        }
    }

    @Test("Contextual routing: tier and a recent contact elsewhere about the same problem raise priority; the queue says why")
    func contextualRouting() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.storeClock)
        try await TestServer.run(server) { client in
            // An ordinary customer, first in the queue.
            let plain = uniqueId("plain")
            _ = try await Self.send(client, plain, "hi")
            let first = try await Self.send(client, plain, "I want to talk to a human agent")
            #expect(first.handoff?.priority == 0)
            #expect(first.handoff?.priorityReasons == [])

            // A gold customer a minute later, same queue: served first.
            clock.advance(seconds: 60)
            let gold = uniqueId("gold")
            _ = try await Self.send(client, gold, "hi")
            let vip = try await Self.send(client, gold, "I want to talk to a human agent", metadata: ["tier": "gold"])
            #expect(vip.handoff?.priority == 2)
            #expect(vip.handoff?.priorityReasons == ["gold customer (+2)"])
            #expect(vip.handoff?.position == 1)

            let queue = try await client.call(.get, "/v1/handoffs?queue=general", key: Keys.agent)
            let entries = try #require(queue.json["handoffs"] as? [[String: Any]])
            #expect(entries.compactMap { $0["conversation_id"] as? String } == [gold, plain])
            #expect(entries.map { $0["position"] as? Int } == [1, 2])
            #expect((entries.first?["priority_reasons"] as? [String]) == ["gold customer (+2)"])

            // Chasing the same problem: a message on social yesterday, now on the web.
            let customer = uniqueId("cust")
            _ = try await Self.send(client, uniqueId("social"), "my laptop won't turn on", channel: "social", customer: customer)
            clock.advance(seconds: 20 * 3600)
            let web = uniqueId("web")
            _ = try await Self.send(client, web, "my acme book air won't turn on", customer: customer)
            _ = try await Self.send(client, web, "no", customer: customer)
            let chased = try await Self.send(client, web, "Talk to a person", customer: customer)
            let handoff = try #require(chased.handoff)
            #expect(handoff.queue == "tech_support")
            #expect(handoff.priorityReasons.contains("contacted on social about it in the last 48 h (+1)"))
            #expect(handoff.priorityReasons.contains("topic device wont turn on (+1)"))

            // Three days later the old contact no longer counts.
            let later = uniqueId("cust")
            _ = try await Self.send(client, uniqueId("social"), "my laptop won't turn on", channel: "social", customer: later)
            clock.advance(seconds: 72 * 3600)
            let again = uniqueId("web")
            _ = try await Self.send(client, again, "my acme book air won't turn on", customer: later)
            _ = try await Self.send(client, again, "no", customer: later)
            let stale = try await Self.send(client, again, "Talk to a person", customer: later)
            #expect(stale.handoff?.priorityReasons.contains { $0.hasPrefix("contacted on") } == false)
        }
    }

    @Test("Context-aware answers: the platform and app version in the metadata pick the article and its variant")
    func contextAwareArticles() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let question = "my buds won't pair with the acme connect app"
            func article(_ metadata: [String: String]) async throws -> String? {
                let answer = try await Self.send(client, uniqueId(), question, metadata: metadata)
                #expect(answer.parse?.intent == "device_connection_problem")
                return answer.replies.first { $0.kind == "article" }?.article?.id
            }
            let current = try await article(["platform": "ios", "os_version": "17.4", "version": "4.2"])
            #expect(current == "connect-app-ios")
            let classic = try await article(["platform": "ios", "os_version": "15", "version": "3.2"])
            #expect(classic == "connect-app-classic-ios")
            let android = try await article(["platform": "android", "os_version": "14"])
            #expect(android == "connect-app-android")
            let capitalised = try await article(["platform": "Android"])
            #expect(capitalised == "connect-app-android")
        }
    }

    @Test("Proactive chat: a checkout error opens a chat about payments; rate-limited; the reply continues the topic")
    func proactiveChat() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.storeClock)
        try await TestServer.run(server) { client in
            let customer = uniqueId("cust")
            let quiet = try await client.call(.get, "/v1/customers/\(customer)/prompt")
            #expect(quiet.status == 200)
            #expect(quiet.json["prompt"] == nil)
            #expect(quiet.json["reason"] as? String == "no_rule_matched")

            let view = try await client.call(.post, "/v1/customers/\(customer)/events", json: ["type": "page_view", "page": "/checkout", "seconds": 40])
            #expect(view.status == 201)
            let bad = try await client.call(.post, "/v1/customers/\(customer)/events", json: ["type": "scroll"])
            #expect(bad.status == 422)
            #expect(bad.errorCode == "invalid_event")
            _ = try await client.call(.post, "/v1/customers/\(customer)/events", json: ["type": "error", "page": "/checkout/payment", "error": "card declined"])

            let asked = try await client.call(.get, "/v1/customers/\(customer)/prompt")
            let prompt = try #require(asked.json["prompt"] as? [String: Any])
            #expect(prompt["rule"] as? String == "checkout_error")
            #expect(prompt["intent"] as? String == "payment_problem")
            let promptId = try #require(prompt["id"] as? String)
            let text = try #require(prompt["text"] as? String)

            let again = try await client.call(.get, "/v1/customers/\(customer)/prompt")
            #expect(again.json["prompt"] == nil)
            #expect(again.json["reason"] as? String == "recently_prompted")

            let web = uniqueId("web")
            let accepted = try await client.call(
                .post, "/v1/customers/\(customer)/prompts/\(promptId)/accept", json: ["conversation_id": web, "channel": "web"])
            #expect(accepted.status == 201)
            let opening = try #require((accepted.json["messages"] as? [[String: Any]])?.first)
            #expect(opening["role"] as? String == "bot")
            #expect(opening["kind"] as? String == "proactive")
            #expect(opening["text"] as? String == text)

            let reply = try await Self.send(client, web, "yes please", customer: customer)
            let article = try #require(reply.replies.first { $0.kind == "article" })
            #expect(article.article?.id == "payments-declined-or-double-charged")

            let transcript = try await client.call(.get, "/v1/conversations/\(web)").json["messages"] as? [[String: Any]] ?? []
            #expect(transcript.first?["kind"] as? String == "proactive")
            #expect(transcript.dropFirst().first?["text"] as? String == "yes please")

            // Half an hour on, the old events are out of the window: nothing to say.
            clock.advance(seconds: 31 * 60)
            let later = try await client.call(.get, "/v1/customers/\(customer)/prompt")
            #expect(later.json["reason"] as? String == "no_rule_matched")
        }
    }

    @Test("Proactive chat, other rules: time on the returns page starts the return; a big cart declined with a no")
    func proactiveOtherRules() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            func promptAndAccept(_ customer: String, _ conversation: String) async throws -> [String: Any] {
                let asked = try await client.call(.get, "/v1/customers/\(customer)/prompt")
                let prompt = try #require(asked.json["prompt"] as? [String: Any])
                let id = try #require(prompt["id"] as? String)
                let accepted = try await client.call(
                    .post, "/v1/customers/\(customer)/prompts/\(id)/accept", json: ["conversation_id": conversation, "channel": "web"])
                #expect(accepted.status == 201)
                return prompt
            }
            let returner = uniqueId("cust")
            // A short visit is not enough; a long one is.
            _ = try await client.call(.post, "/v1/customers/\(returner)/events", json: ["type": "page_view", "page": "/returns", "seconds": 10])
            #expect(try await client.call(.get, "/v1/customers/\(returner)/prompt").json["reason"] as? String == "no_rule_matched")
            _ = try await client.call(.post, "/v1/customers/\(returner)/events", json: ["type": "page_view", "page": "/returns/policy", "seconds": 75])
            let returns = uniqueId("web")
            let prompt = try await promptAndAccept(returner, returns)
            #expect(prompt["rule"] as? String == "lingering_on_returns")
            let yes = try await Self.send(client, returns, "yes", customer: returner)
            #expect(yes.replies.last?.kind == "question")
            #expect(yes.replies.last?.text.contains("order number") == true)

            let shopper = uniqueId("cust")
            _ = try await client.call(.post, "/v1/customers/\(shopper)/events", json: ["type": "cart", "cart_value": 820])
            let cart = uniqueId("web")
            #expect(try await promptAndAccept(shopper, cart)["intent"] as? String == "payment_methods")
            let no = try await Self.send(client, cart, "no thanks", customer: shopper)
            #expect(no.replies.count == 1)
            #expect(no.replies.first?.kind == "text")
            #expect(no.status == "bot")
        }
    }
}
