import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineStore
import Testing

@Suite("KnowledgeBaseIndex on SQLite FTS5 and PostgreSQL text search")
struct KnowledgeBaseIndexTests {
    static let articles: [KBDocument] = [
        KBDocument(
            id: "returns", title: "Returning an item",
            summary: "How to send back a product within 30 days for a refund.",
            body: "You can return most products within 30 days. Print the label from your account, pack the item and drop it at any post office. Refunds arrive in 5 days.",
            tags: ["return", "refund", "send back"], intents: ["return_item"]),
        KBDocument(
            id: "tracking", title: "Tracking your order",
            summary: "Where your parcel is and when it arrives.",
            body: "Open Orders in your account to see the courier, the tracking number and the expected delivery date.",
            tags: ["delivery", "parcel", "courier"], intents: ["order_status"]),
        KBDocument(
            id: "warranty", title: "Warranty claims",
            summary: "Repairs for faulty products.",
            body: "Products have a two year warranty. If your device stops working, we repair or replace it. Keep the receipt.",
            tags: ["warranty", "repair", "faulty"], intents: ["warranty_claim"]),
        KBDocument(
            id: "password", title: "Resetting your password",
            summary: "Get back into your account.",
            body: "Choose Forgot password on the sign-in page and follow the link we email you.",
            tags: ["login", "account"]),
        KBDocument(
            id: "ps5-controller", title: "Controller not pairing",
            summary: "Pair a wireless controller with the console.",
            body: "Connect the controller with a USB cable and press the PS button. This fixes most pairing problems.",
            tags: ["controller", "bluetooth"], products: ["playstation 5"]),
        KBDocument(
            id: "cafe", title: "Café mode on the espresso machine",
            summary: "Brewing several cups in a row.",
            body: "Café mode keeps the boiler hot between cups.",
            tags: ["espresso"], products: ["espresso machine"]),
        KBDocument(
            id: "business-returns", title: "Returns for business accounts",
            summary: "Bulk returns with a collection.",
            body: "Business customers can return items in bulk; we collect the pallet.",
            tags: ["return", "bulk"], intents: ["return_item"], audience: "business", url: "https://help.example.com/business-returns"),
    ]

    /// An index of `kind` holding `articles`, and what removes it.
    static func makeIndex(_ kind: StoreKind) async throws -> (any KnowledgeBaseIndex, Cleanup) {
        let index: any KnowledgeBaseIndex
        let cleanup: Cleanup
        switch kind {
        case .postgres:
            let store = try await makePostgresStore()
            index = store
            cleanup = Cleanup { await store.shutdown() }
        case .memory, .sqlite:
            let directory = try TemporaryFolder()
            index = try SQLiteStore(path: directory.databasePath)
            cleanup = Cleanup { directory.remove() }
        }
        do {
            try await index.replaceAll(articles: articles)
        } catch {
            await cleanup.run()
            throw error
        }
        return (index, cleanup)
    }

    struct Cleanup: Sendable {
        let run: @Sendable () async -> Void
        init(_ run: @escaping @Sendable () async -> Void) { self.run = run }
    }

    /// The indexes to test: SQLite, and PostgreSQL where it runs.
    static let kinds = StoreKind.durable

    @Test(arguments: kinds, [
        ("how do I return my headphones?", "returns"),
        ("I want a refund", "returns"),
        ("where is my parcel", "tracking"),
        ("tracking number for my order", "tracking"),
        ("my speaker is faulty, can you repair it", "warranty"),
        ("I forgot my password", "password"),
        ("my controller won't pair", "ps5-controller"),
        ("returning items", "returns"),          // stemming: returning → return
        ("CAFE MODE", "cafe"),                   // case and diacritics folded
        ("cafe\u{301} mode", "cafe"),            // decomposed accent
    ])
    func theRightArticleRanksFirst(kind: StoreKind, example: (query: String, expected: String)) async throws {
        let (query, expected) = example
        let (index, cleanup) = try await Self.makeIndex(kind)
        defer { Task { await cleanup.run() } }
        let hits = try await index.search(query: query, intents: [], products: [], context: [:], limit: 3)
        #expect(hits.first?.id == expected, "\(query): \(hits.map(\.id))")
        #expect(hits.allSatisfy { (0...1).contains($0.score) })
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }

    @Test(arguments: kinds)
    func scoresCanBeThresholded(kind: StoreKind) async throws {
        let (index, cleanup) = try await Self.makeIndex(kind)
        defer { Task { await cleanup.run() } }
        let onTopic = try await index.search(query: "return refund", intents: [], products: [], context: [:], limit: 1)
        let offTopic = try await index.search(query: "my cat chewed the sofa, refund?", intents: [], products: [], context: [:], limit: 1)
        let nothing = try await index.search(query: "quantum chromodynamics", intents: [], products: [], context: [:], limit: 5)
        #expect(try #require(onTopic.first).score >= 0.6)
        #expect(try #require(offTopic.first).score < 0.35, "one common word of five matched")
        #expect(nothing.isEmpty)
    }

    @Test(arguments: kinds)
    func filtersKeepArticlesThatDeclareTheValueOrNone(kind: StoreKind) async throws {
        let (index, cleanup) = try await Self.makeIndex(kind)
        defer { Task { await cleanup.run() } }
        // "account" is in returns (intent return_item), password (no intents) and business-returns.
        let forTracking = try await index.search(query: "account", intents: ["order_status"], products: [], context: [:], limit: 10)
        #expect(Set(forTracking.map(\.id)) == ["password", "tracking"])
        let forReturns = try await index.search(query: "return", intents: ["return_item", "warranty_claim"], products: [], context: [:], limit: 10)
        #expect(Set(forReturns.map(\.id)).isSuperset(of: ["returns"]))

        let pairing = "pair the controller"
        #expect(try await index.search(query: pairing, intents: [], products: ["playstation 5"], context: [:], limit: 5).first?.id == "ps5-controller")
        #expect(try await index.search(query: pairing, intents: [], products: ["xbox"], context: [:], limit: 5).isEmpty)

        let consumer = try await index.search(query: "bulk return", intents: [], products: [], context: ["audience": "consumer"], limit: 10)
        #expect(!consumer.map(\.id).contains("business-returns"))
        let business = try await index.search(query: "bulk return", intents: [], products: [], context: ["audience": "business"], limit: 10)
        #expect(business.first?.id == "business-returns")
        #expect(business.first?.url == "https://help.example.com/business-returns")
    }

    /// Customer text that would be FTS5 syntax, or is merely odd.
    struct HostileQuery: CustomTestStringConvertible, Sendable {
        let label: String
        let text: String
        var testDescription: String { label }

        static let all: [HostileQuery] = [
            "\"", "\"\"\"", "*", "return*", "AND OR NOT", "NOT", "NEAR(", "NEAR(return refund, 2)", "title:return",
            "{title}: x", "^return", "-refund", "+", "(", ")", "()", ":", "''", "'; DROP TABLE kb_articles; --", "\\",
            "\u{0}", "🙂🙂", "返品したい", "возврат товара", "ضمان", "é", "\u{301}", "   ", "",
        ].map { HostileQuery(label: $0.debugDescription, text: $0) } + [
            HostileQuery(label: "5,000 × refund", text: String(repeating: "refund ", count: 5_000)),
            HostileQuery(label: "a 100,000-letter word", text: String(repeating: "x", count: 100_000)),
        ]
    }

    @Test(arguments: kinds, HostileQuery.all)
    func hostileQueriesNeverThrow(kind: StoreKind, query: HostileQuery) async throws {
        let (index, cleanup) = try await Self.makeIndex(kind)
        defer { Task { await cleanup.run() } }
        let hits = try await index.search(query: query.text, intents: ["return_item"], products: ["playstation 5"], context: ["audience": "business"], limit: 5)
        #expect(hits.allSatisfy { (0...1).contains($0.score) })
        #expect(try await index.search(query: query.text, intents: [], products: [], context: [:], limit: 0).isEmpty)
        #expect(try await index.search(query: query.text, intents: [], products: [], context: [:], limit: 3).count <= 3)
    }

    @Test(arguments: kinds)
    func replaceAllReplacesAtomically(kind: StoreKind) async throws {
        let (index, cleanup) = try await Self.makeIndex(kind)
        defer { Task { await cleanup.run() } }
        try await index.replaceAll(articles: [KBDocument(id: "new", title: "Gift cards", body: "Gift cards never expire.")])
        #expect(try await index.search(query: "refund", intents: [], products: [], context: [:], limit: 5).isEmpty)
        #expect(try await index.search(query: "gift card", intents: [], products: [], context: [:], limit: 5).map(\.id) == ["new"])

        let duplicate = await thrownError {
            try await index.replaceAll(articles: [KBDocument(id: "a", title: "One"), KBDocument(id: "a", title: "Two")])
        }
        #expect(errorKind(duplicate) == .invalidArgument)
        #expect(try await index.search(query: "gift", intents: [], products: [], context: [:], limit: 5).map(\.id) == ["new"], "the failed replace changed nothing")
    }
}
