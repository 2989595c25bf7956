import Foundation
import FrontlineServer
import HummingbirdTesting
import Testing

@Suite("Per-conversation serialisation")
struct OrderingTests {
    @Test("Concurrent posts to one conversation: all answered, no conflicts, each answer right after its message")
    func concurrentSameConversation() async throws {
        let server = try await TestServer.make()
        let texts = [
            "hi", "where is my order A-12345?", "thanks", "what are your opening hours?", "how do I return an item?",
            "hello there", "can I pay with PayPal?", "good morning", "do you ship abroad?", "thank you so much",
            "how much is shipping?", "hey",
        ]
        let id = uniqueId()
        try await TestServer.run(server) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for text in texts { group.addTask { try await client.message(id, text).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: texts.count))
            let messages = try #require(try await client.call(.get, "/v1/conversations/\(id)").json["messages"] as? [[String: Any]])
            #expect(messages.compactMap { $0["sequence"] as? Int } == Array(1...messages.count))
            let customer = messages.filter { $0["role"] as? String == "customer" }
            #expect(customer.count == texts.count)
            #expect(Set(customer.compactMap { $0["text"] as? String }) == Set(texts))
            #expect(customer.allSatisfy { $0["parse"] != nil })
            // While the bot is in charge, every customer message is followed by its answer,
            // never by the next customer message (what unserialised turns would interleave).
            for (index, message) in messages.enumerated().dropLast() {
                if messages[...index].contains(where: { $0["kind"] as? String == "handoff" }) { break }
                if message["role"] as? String == "customer" {
                    #expect(messages[index + 1]["role"] as? String == "bot", "message \(index + 1) was not answered in turn")
                }
            }
        }
        #expect(await server.activeConversations() == 0)
    }

    @Test("Different conversations run side by side")
    func manyConversations() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<24 { group.addTask { try await client.message("par-\(i % 6)-\(UUID().uuidString.prefix(4))", "hi").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 })
        }
        #expect(await server.activeConversations() == 0)
    }
}
