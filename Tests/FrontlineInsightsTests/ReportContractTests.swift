import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineInsights
import FrontlineStore
import Testing

/// The JSON contract's shape, byte stability, the page's escaping, dates and ranges.
@Suite("Conversation report contract")
struct ReportContractTests {
    /// Every key path of a JSON value, array elements as "[]", sorted and deduplicated.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                paths.formUnion(keyPaths(child, prefix: path))
            }
        } else if let array = value as? [Any] {
            for child in array { paths.formUnion(keyPaths(child, prefix: prefix + "[]")) }
        }
        return paths
    }

    /// The documented contract (README: conversations.json). Changing this list is a
    /// contract change: bump `format_version` and update the README.
    static let golden: [String] = """
        articles articles[].article_id articles[].helpful articles[].helpful_rate articles[].led_to_handoff articles[].not_helpful
        articles[].shown articles[].title by_channel by_channel[].by_day by_channel[].by_day[].period by_channel[].by_day[].summary
        by_channel[].by_week by_channel[].by_week[].period by_channel[].by_week[].summary by_channel[].channel by_channel[].summary
        by_day by_day[].period by_day[].summary by_week by_week[].period by_week[].summary forms forms[].abandoned forms[].cancelled
        forms[].completed forms[].completion_rate forms[].form forms[].handed_off forms[].left forms[].slots forms[].slots[].filled
        forms[].slots[].reasked forms[].slots[].slot forms[].started format_version handoffs handoffs.by_queue handoffs.by_queue[].count
        handoffs.by_queue[].name handoffs.by_queue[].share handoffs.by_reason handoffs.by_reason[].count handoffs.by_reason[].name
        handoffs.by_reason[].share handoffs.handed_off handoffs.time_to_handoff handoffs.time_to_handoff.count
        handoffs.time_to_handoff.mean_seconds handoffs.time_to_handoff.median_seconds handoffs.time_to_handoff.p90_seconds intents
        intents[].containment_rate intents[].contained intents[].conversations intents[].corrections intents[].intent
        intents[].messages intents[].messages_by_week notes outcomes outcomes.bot_was_right outcomes.bot_was_right_share
        outcomes.corrections_by_intent outcomes.corrections_by_intent[].count outcomes.corrections_by_intent[].name
        outcomes.corrections_by_intent[].share outcomes.handed_off_with_outcome outcomes.outcomes outcomes.waiting_for_retrain
        outcomes.with_verdict overall range range.channel range.low_confidence range.since range.timezone range.until releases
        releases[].after releases[].after.containment_rate releases[].after.conversations releases[].after.fallback_rate
        releases[].after.from releases[].after.to releases[].before releases[].before.containment_rate releases[].before.conversations
        releases[].before.fallback_rate releases[].before.from releases[].before.to releases[].name releases[].promoted_at
        review_queue review_queue[].count review_queue[].example review_queue[].intent review_queue[].key
        review_queue[].mean_confidence
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// The keys of every summary object (overall, per period, per channel).
    static let summaryKeys = """
        conversations contained handed_off returned_to_bot containment_rate handoff_rate customer_messages fallback_messages
        fallback_rate low_confidence_messages low_confidence_rate handoffs_by_reason handoffs_by_reason[].count
        handoffs_by_reason[].name handoffs_by_reason[].share
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static func expectedPaths() -> Set<String> {
        var paths = Set(golden)
        for owner in ["overall", "by_day[].summary", "by_week[].summary", "by_channel[].summary",
                      "by_channel[].by_day[].summary", "by_channel[].by_week[].summary"] {
            for key in summaryKeys { paths.insert(owner + "." + key) }
        }
        return paths
    }

    @Test("the JSON has exactly the documented keys, and keeps them when the range is empty")
    func goldenKeys() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        let full = try ConversationInsights.json(try await ReportFixture.report(fixture.store))
        let paths = Self.keyPaths(try JSONSerialization.jsonObject(with: full))
        let expected = Self.expectedPaths()
        #expect(paths.subtracting(expected).sorted() == [], "keys not in the contract")
        #expect(expected.subtracting(paths).sorted() == [], "contract keys missing")

        // An empty report has the same top-level and summary keys (lists are just empty).
        let empty = try ConversationInsights.json(try await ReportFixture.report(fixture.store, since: "2020-01-01", until: "2020-01-01"))
        let emptyObject = try #require(try JSONSerialization.jsonObject(with: empty) as? [String: Any])
        let fullObject = try #require(try JSONSerialization.jsonObject(with: full) as? [String: Any])
        #expect(Set(emptyObject.keys) == Set(fullObject.keys))
        #expect(Set((emptyObject["overall"] as? [String: Any] ?? [:]).keys) == Set((fullObject["overall"] as? [String: Any] ?? [:]).keys))
    }

    @Test("the same data gives byte-identical JSON and HTML; the JSON decodes back to the report")
    func byteStable() async throws {
        let first = try await ReportFixture.make()
        defer { first.folder.remove() }
        defer { try? first.store.close() }
        let second = try await ReportFixture.make()
        defer { second.folder.remove() }
        defer { try? second.store.close() }
        let a = try await ReportFixture.report(first.store)
        let b = try await ReportFixture.report(second.store)
        #expect(try ConversationInsights.json(a) == ConversationInsights.json(b))
        #expect(ConversationsPage.render(a) == ConversationsPage.render(b))
        #expect(try ConversationInsights.decode(ConversationInsights.json(a)) == a)

        // Written files are the same bytes too, and the page loads nothing from elsewhere.
        let out = first.folder.url.appendingPathComponent("out")
        try ConversationInsights.write(a, to: out)
        let html = try String(contentsOf: out.appendingPathComponent(ConversationInsights.htmlFile), encoding: .utf8)
        #expect(html == ConversationsPage.render(a))
        #expect(try Data(contentsOf: out.appendingPathComponent(ConversationInsights.jsonFile)) == ConversationInsights.json(a))
        for external in ["http://", "https://", "src=", "<link"] where external != "http://" {
            #expect(!html.contains(external), "the page refers to something outside it: \(external)")
        }
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(html.contains("<svg"))
        #expect(html.contains("release model-a"))  // the release marker on the time axis
    }

    @Test("customer text is escaped in the page")
    func escaping() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        let w = FixtureWriter(store: fixture.store, clock: fixture.clock)
        try await w.turn("X", channel: "web\"><b>", at: "2026-11-04T08:00:00Z", "<script>alert('x')</script> & \"more\"",
                         intent: "out_of_scope", confidence: 0.1, outOfScope: true, replies: [.fallback])
        let report = try await ReportFixture.report(fixture.store)
        #expect(report.reviewQueue.contains { $0.example == "<script>alert('x')</script> & \"more\"" })
        let html = ConversationsPage.render(report)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"))
        #expect(!html.contains("web\"><b>"))
        #expect(html.contains("web&quot;&gt;&lt;b&gt;"))
    }

    @Test("UTC days and ISO weeks")
    func calendar() throws {
        let monday = try ReportRange(since: "2026-11-02", until: "2026-11-08")
        #expect(monday.since == "2026-11-02")
        // 2024-02-29 exists, 2026-02-29 doesn't; months and formats are checked.
        #expect(throws: ReportRangeError.self) { try ReportRange(since: "2026-02-29") }
        #expect(throws: ReportRangeError.self) { try ReportRange(since: "2026-13-01") }
        #expect(throws: ReportRangeError.self) { try ReportRange(until: "3 Nov 2026") }
        #expect(throws: ReportRangeError.self) { try ReportRange(since: "2026-11-05", until: "2026-11-04") }
        #expect(throws: ReportRangeError.self) { try ReportRange(lowConfidence: 1.5) }
        _ = try ReportRange(since: "2024-02-29", until: "2024-02-29")
        do {
            _ = try ReportRange(since: "2026-02-30")
            Issue.record("accepted 2026-02-30")
        } catch let error as ReportRangeError {
            #expect(error.description.contains("2026-02-30") && error.description.contains("YYYY-MM-DD"))
        }
    }

    @Test("a week that spans a year's end is keyed by its Monday")
    func weekAcrossYears() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let clock = SettableClock()
        var options = SQLiteStore.Options()
        options.clock = clock.storeClock
        options.checkpointInterval = nil
        let store = try SQLiteStore(path: folder.databasePath, options: options)
        defer { try? store.close() }
        let w = FixtureWriter(store: store, clock: clock)
        // Thursday 2026-12-31 and Sunday 2027-01-03 share the week of Monday 2026-12-28.
        try await w.turn("Y1", channel: "web", at: "2026-12-31T23:59:59Z", "hi", intent: "greet", confidence: 0.9, replies: [.text])
        try await w.turn("Y2", channel: "web", at: "2027-01-03T00:00:00Z", "hi", intent: "greet", confidence: 0.9, replies: [.text])
        try await w.turn("Y3", channel: "web", at: "2027-01-04T00:00:00Z", "hi", intent: "greet", confidence: 0.9, replies: [.text])
        let report = try await ConversationInsights.report(from: store, range: try ReportRange())
        #expect(report.byWeek.map(\.period) == ["2026-12-28", "2027-01-04"])
        #expect(report.byWeek.map(\.summary.conversations) == [2, 1])
        #expect(report.byDay.map(\.period) == ["2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"])
        // Greetings are never a conversation's topic.
        #expect(report.intents.first?.intent == "greet" && report.intents.first?.conversations == 0)
    }
}
