import Foundation
import Testing
@testable import FrontlineEngine

/// The message path's JSON encoder must write what Foundation's JSONEncoder writes (same
/// options), as far as any JSON reader can tell.
@Suite struct CompactJSONEncoderTests {
    private static func foundation(snakeCase: Bool = false, iso8601: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = iso8601 ? .iso8601 : .millisecondsSince1970
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return encoder
    }

    /// Both documents parsed by JSONSerialization and written back in one canonical form
    /// (sorted keys, its own number spelling): equal as JSON values.
    private static func sameJSON(_ a: String, _ b: Data) throws -> Bool {
        func canonical(_ data: Data) throws -> Data {
            let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        }
        return try canonical(Data(a.utf8)) == canonical(b)
    }

    private static var sampleState: ConversationState {
        var state = ConversationState(
            activeForm: "return_item", requestedSlot: "product", retries: 2, kbMisses: 1,
            lastCustomerText: "my \"order\" is A-12345\n\\ 😀 café/naïve\u{1}", lastIntent: "return_item")
        state.filledSlots["order_number"] = FilledSlot(value: "A-12345", raw: "a12345", sourceSequence: 3, confidence: 0.875)
        state.filledSlots["email"] = FilledSlot(value: "x@example.com", sourceSequence: nil, confidence: 1)
        state.extras["handed_off"] = "2"
        return state
    }

    @Test func storedDocumentsDecodeToTheSameValues() throws {
        let encoder = CompactJSONEncoder()
        let state = Self.sampleState
        let parse = MessageParse(
            intent: "order_status", confidence: 0.3333333333333333,
            ranking: [ParsedIntent(name: "order_status", confidence: 0.3333333333333333), ParsedIntent(name: "greet", confidence: 1e-7)],
            outOfScope: false, learnedFromOutcomes: true)
        let details = ReplyDetails(kind: .article, buttons: ["Yes", "No"], article: ArticleReference(id: "kb-1", title: "Returns", url: "https://example.com/a/b"))
        #expect(try JSONDecoder().decode(ConversationState.self, from: Data(encoder.encode(state).utf8)) == state)
        #expect(try JSONDecoder().decode(MessageParse.self, from: Data(encoder.encode(parse).utf8)) == parse)
        #expect(try JSONDecoder().decode(ReplyDetails.self, from: Data(encoder.encode(details).utf8)) == details)
        #expect(try Self.sameJSON(encoder.encode(state), Self.foundation().encode(state)))
        #expect(try Self.sameJSON(encoder.encode(parse), Self.foundation().encode(parse)))
        #expect(try Self.sameJSON(encoder.encode(details), Self.foundation().encode(details)))
    }

    @Test func writesCompactSortedJSONLikeJSONEncoderForPlainKeys() throws {
        // ASCII lowercase keys sort the same in both, and these numbers print the same.
        struct Plain: Encodable {
            var zeta = "z"
            var alpha = 1
            var mid: [String: Double] = ["b": 0.5, "a": 2, "c": -3.25]
            var flags = [true, false]
            var nothing: String? = nil
            var url = "https://example.com/x?y=1"
        }
        let compact = try CompactJSONEncoder().encode(Plain())
        #expect(compact == #"{"alpha":1,"flags":[true,false],"mid":{"a":2,"b":0.5,"c":-3.25},"url":"https://example.com/x?y=1","zeta":"z"}"#)
        #expect(compact == String(decoding: try Self.foundation().encode(Plain()), as: UTF8.self))
    }

    @Test func escapesWhatJSONRequiresAndNothingElse() throws {
        let text = "quote \" backslash \\ newline \n tab \t cr \r bell \u{7} nul \u{0} slash / emoji 👋🏽 e\u{301}"
        let encoded = try CompactJSONEncoder().encode([text])
        #expect(encoded == #"["quote \" backslash \\ newline \n tab \t cr \r bell \u0007 nul \u0000 slash / emoji 👋🏽 e"# + "\u{301}\"]")
        #expect(try JSONDecoder().decode([String].self, from: Data(encoded.utf8)) == [text])
    }

    @Test func convertsKeysToSnakeCaseLikeJSONEncoderButNotDictionaryKeys() throws {
        struct Keys: Encodable {
            var customerId = 1
            var expectedWaitMinutes = 2
            var myURLValue = 3
            var item2Name = 4
            var _leadingUnderscore = 5
            var trailingUnderscore_ = 6
            var already_snake = 7
            var ABc = 8
            var metadata = ["pageURL": "x", "someKey": "y"]
        }
        let compact = try CompactJSONEncoder(keys: .convertToSnakeCase).encode(Keys())
        let foundation = try Self.foundation(snakeCase: true).encode(Keys())
        #expect(try Self.sameJSON(compact, foundation))
        #expect(compact.contains(#""expected_wait_minutes":2"#))
        #expect(compact.contains(#""metadata":{"pageURL":"x","someKey":"y"}"#))
    }

    @Test func encodesDatesURLsAndDataAsJSONEncoderDoes() throws {
        struct Stamped: Encodable {
            var at = Date(timeIntervalSince1970: 1_700_000_000.25)
            var link = URL(string: "https://example.com/a b".replacingOccurrences(of: " ", with: "%20"))!
            var blob = Data([0, 1, 2, 250])
        }
        #expect(try Self.sameJSON(CompactJSONEncoder().encode(Stamped()), Self.foundation().encode(Stamped())))
        let whole = ["at": Date(timeIntervalSince1970: 1_700_000_000)]
        #expect(try CompactJSONEncoder(dates: .iso8601).encode(whole) == String(decoding: try Self.foundation(iso8601: true).encode(whole), as: UTF8.self))
        #expect(try CompactJSONEncoder().encode(whole) == #"{"at":1700000000000}"#)
    }

    @Test func refusesNumbersJSONCannotHold() {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(["x": Double.infinity]) }
    }

    @Test func handlesNestedContainersSuperEncodersAndRepeatedKeys() throws {
        struct Custom: Encodable {
            enum Key: String, CodingKey { case a, b, c, d }
            func encode(to encoder: any Encoder) throws {
                var keyed = encoder.container(keyedBy: Key.self)
                try keyed.encode(1, forKey: .a)
                try keyed.encode(2, forKey: .a)  // the last one wins
                var nested = keyed.nestedContainer(keyedBy: Key.self, forKey: .b)
                try nested.encodeNil(forKey: .c)
                var list = keyed.nestedUnkeyedContainer(forKey: .c)
                try list.encode("x")
                var inner = list.nestedUnkeyedContainer()
                try inner.encode(3.5)
                let parent = keyed.superEncoder(forKey: .d)
                var single = parent.singleValueContainer()
                try single.encode("from super")
            }
        }
        let compact = try CompactJSONEncoder().encode(Custom())
        #expect(compact == #"{"a":2,"b":{"c":null},"c":["x",[3.5]],"d":"from super"}"#)
        #expect(try Self.sameJSON(compact, Self.foundation().encode(Custom())))
    }
}
