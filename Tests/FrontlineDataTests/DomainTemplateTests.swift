import Testing
@testable import FrontlineData

@Suite struct DomainTemplateTests {
    @Test func findsPlaceholdersAndLiteralBraces() throws {
        let placeholders = try ResponseTemplate.placeholders(in: "Order {order_number} is {result.status} {{not}} {{")
        #expect(placeholders.map(\.name) == ["order_number", "result.status"])
        #expect(placeholders.map(\.offset) == [6, 24])
    }

    @Test(arguments: [
        ("Hi {name", "unclosed '{'", 3),
        ("Hi name}", "unmatched '}'", 7),
        ("Hi {}", "expected a placeholder name", 3),
        ("Hi {first name}", "expected a placeholder name", 3),
        ("Hi {result.}", "expected a placeholder name", 3),
    ])
    func rejectsMalformedPlaceholders(template: String, message: String, offset: Int) {
        #expect(throws: ResponseTemplate.SyntaxError.self) { try ResponseTemplate.placeholders(in: template) }
        do {
            _ = try ResponseTemplate.placeholders(in: template)
        } catch {
            #expect(error.message.contains(message))
            #expect(error.offset == offset)
        }
    }

    @Test func rendersOnlyWhenEveryPlaceholderHasAValue() {
        let values = ["order_number": "A-12345", "result.status": "Dispatched"]
        #expect(ResponseTemplate.render("{order_number} is {result.status} {{ok}}") { values[$0] } == "A-12345 is Dispatched {ok}")
        #expect(ResponseTemplate.render("{order_number} for {email}") { values[$0] } == nil)
        #expect(ResponseTemplate.render("broken {") { values[$0] } == nil)
    }

    @Test func keepsNonASCIITextAndCountsOffsetsInCharacters() throws {
        let values = ["name": "Zoë", "city": "Kraków"]
        #expect(ResponseTemplate.render("Grüß dich, {name} 👋🏽 in {city}!") { values[$0] } == "Grüß dich, Zoë 👋🏽 in Kraków!")
        // A combining mark right after a brace: the literal text around it survives whole.
        #expect(ResponseTemplate.render("e\u{301}{{\u{301}x}}{name}") { values[$0] } == "e\u{301}{\u{301}x}Zoë")
        #expect(ResponseTemplate.render("no placeholders, ünïcödé") { _ in nil } == "no placeholders, ünïcödé")
        let placeholders = try ResponseTemplate.placeholders(in: "👋🏽 é {name}")
        #expect(placeholders.map(\.offset) == [4])
        #expect(throws: ResponseTemplate.SyntaxError(message: "unmatched '}': expected '}}' for a literal brace", offset: 2)) {
            try ResponseTemplate.placeholders(in: "🇫🇷é}")
        }
    }

    @Test func resolvesEnvironmentReferencesLikeTheShell() throws {
        let environment = ["BASE": "https://orders.example", "EMPTY": ""]
        #expect(try EnvironmentTemplate.resolve("${BASE}/o/{id}", environment: environment) == "https://orders.example/o/{id}")
        #expect(try EnvironmentTemplate.resolve("${MISSING:-http://127.0.0.1:8089}/o", environment: environment) == "http://127.0.0.1:8089/o")
        #expect(try EnvironmentTemplate.resolve("${EMPTY:-http://fallback}", environment: environment) == "http://fallback")
        #expect(try EnvironmentTemplate.resolve("$5 and {x}", environment: environment) == "$5 and {x}")
        #expect(throws: EnvironmentTemplate.Failure.self) { try EnvironmentTemplate.resolve("${MISSING}", environment: environment) }
        #expect(throws: EnvironmentTemplate.Failure.self) { try EnvironmentTemplate.resolve("${BASE", environment: environment) }
        #expect(throws: EnvironmentTemplate.Failure.self) { try EnvironmentTemplate.resolve("${1X:-a}", environment: environment) }
    }

    @Test func captureReferencesInCanonicalTemplates() {
        #expect(DomainParser.captureReferences(in: "A-$1") == [1])
        #expect(DomainParser.captureReferences(in: "$2$10 \\$3 $") == [2, 10])
    }
}
