import Foundation
import FrontlineAssistant
import FrontlineInsights
import HummingbirdTesting
import Testing

@Suite("GET /v1/admin/report")
struct ReportAPITests {
    @Test("admins get the conversation report's JSON, the same bytes the CLI writes; forms are counted from real turns")
    func report() async throws {
        let server = try await TestServer.make()
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        try await TestServer.run(server) { client in
            let contained = uniqueId(), handedOff = uniqueId()
            // The order form starts, gets its order number from the message and completes in one turn.
            _ = try await client.message(contained, "where is my order A-12345?")
            _ = try await client.message(handedOff, "where is my order A-12345?", channel: "sms")
            _ = try await client.message(handedOff, "I want to talk to a human agent", channel: "sms")

            let reply = try await client.call(.get, "/v1/admin/report?since=\(today)&until=\(today)", key: Keys.admin)
            #expect(reply.status == 200)
            let report = try ConversationInsights.decode(Data(reply.bytes))
            #expect(report.overall.conversations == 2)
            #expect(report.overall.handedOff == 1 && report.overall.contained == 1)
            #expect(report.handoffs.byReason.first { $0.name == "human_request" }?.count == 1)
            let form = try #require(report.forms.first { $0.form == "order_lookup" })
            #expect(form.started == 2 && form.completed == 2 && form.abandoned == 0)
            #expect(form.slots.first { $0.slot == "order_number" }?.filled == 2)

            let direct = try await ConversationInsights.report(
                from: server.assistant.store, range: try ReportRange(since: today, until: today))
            #expect(reply.bytes == Array(try ConversationInsights.json(direct)))

            let sms = try await client.call(.get, "/v1/admin/report?channel=sms", key: Keys.admin)
            #expect(try ConversationInsights.decode(Data(sms.bytes)).overall.conversations == 1)
        }
    }

    @Test("the engine records \"did that help?\" answers and forms left unfinished; the report counts them")
    func articleFeedbackAndAbandonedForm() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let kb = uniqueId(), form = uniqueId()
            let answer = try await client.message(kb, "what are your store opening hours").decode(MessageResponse.self)
            #expect(answer.replies.map(\.kind) == ["article", "question"])
            _ = try await client.message(kb, "yes")
            let ask = try await client.message(form, "where is my order").decode(MessageResponse.self)
            #expect(ask.replies.map(\.kind) == ["question"])

            let report = try ConversationInsights.decode(Data(try await client.call(.get, "/v1/admin/report", key: Keys.admin).bytes))
            #expect(report.articles.count == 1)
            #expect(report.articles.first?.shown == 1 && report.articles.first?.helpful == 1 && report.articles.first?.notHelpful == 0)
            let lookup = try #require(report.forms.first { $0.form == "order_lookup" })
            #expect(lookup.started == 1 && lookup.completed == 0 && lookup.abandoned == 1)
            #expect(report.overall.contained == 2)
        }
    }

    @Test("only admins; a bad date is a 400 naming the parameter")
    func refusals() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            #expect(try await client.call(.get, "/v1/admin/report", key: Keys.agent).status == 403)
            #expect(try await client.call(.get, "/v1/admin/report", key: Keys.bot).status == 403)
            #expect(try await client.call(.get, "/v1/admin/report", key: nil).status == 401)
            let bad = try await client.call(.get, "/v1/admin/report?since=yesterday", key: Keys.admin)
            #expect(bad.status == 400 && bad.errorCode == "invalid_query")
            #expect(bad.text.contains("since"))
            let low = try await client.call(.get, "/v1/admin/report?low_confidence=high", key: Keys.admin)
            #expect(low.status == 400 && low.errorCode == "invalid_query")
        }
    }
}
