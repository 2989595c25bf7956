import Foundation
import Testing
@testable import FrontlineData

/// Each case changes one thing in `DomainFixture.yaml` and expects the error at the line
/// holding `lineOf` (in the changed file), with the message fragments.
struct DomainErrorCase: CustomTestStringConvertible, Sendable {
    var replace: String
    var with: String
    var lineOf: String
    var fragments: [String]

    init(_ replace: String, _ with: String, line lineOf: String? = nil, _ fragments: String...) {
        self.replace = replace
        self.with = with
        self.lineOf = lineOf ?? with
        self.fragments = fragments
    }

    var testDescription: String { fragments.first ?? with }
}

@Suite struct DomainErrorTests {
    static let cases: [DomainErrorCase] = [
        // Structure and keys
        .init("version: \"1\"", "version: \"2\"", "unsupported version \"2\": expected \"1\""),
        .init("responses:\n", "respones:\n", line: "respones:", "unknown key 'respones' in the domain (did you mean 'responses'?)"),
        .init("    ignore_case: true\n    canonical", "    ignorecase: true\n    canonical", line: "ignorecase",
              "unknown key 'ignorecase' in slot 'order_number' (did you mean 'ignore_case'?)", "expected 'entity', 'pattern'"),
        .init("        max_retries: 1", "        max_retry: 1", "unknown key 'max_retry' in a step of form 'moving' (did you mean 'max_retries'?)"),
        .init("  fallback: I can't help with that.\n", "  fallback: I can't help with that.\n  fallback: Again.\n", line: "fallback: I can't",
              "duplicate key(s) 'fallback'"),
        .init("    - Order {order_number} is {result.status}.", "    - Order is here: {result.status}",
              "each entry of response 'status_ok' to be text but found a mapping", "put the text in quotes"),

        // The policy's names
        .init("escalation:\n", "policy:\n  affirm_intent: yes_please\nescalation:\n", line: "affirm_intent",
              "unknown intent 'yes_please' in 'policy.affirm_intent'", "expected an intent declared under 'intents'"),
        .init("escalation:\n", "policy:\n  thanks_response: cheers\nescalation:\n", line: "thanks_response",
              "unknown response 'cheers' in policy.thanks_response"),
        .init("escalation:\n", "policy:\n  product_slot: model\nescalation:\n", line: "product_slot",
              "unknown slot 'model' in 'policy.product_slot'"),
        .init("escalation:\n", "policy:\n  affirm: greet\nescalation:\n", line: "affirm: greet",
              "unknown key 'affirm' in 'policy'"),
        .init("escalation:\n", "escalation:\n  default_wait_minutes: 0\n", line: "default_wait_minutes",
              "'default_wait_minutes' in 'escalation'"),

        // Slots
        .init("entity: email", "entity: emial", "unknown entity 'emial' in slot 'email' (did you mean 'email'?)", "'date'"),
        .init(#"pattern: '\bA\s?-?(\d{5})\b'"#, "pattern: '(A'", "invalid regular expression in slot 'order_number'"),
        .init(#"pattern: '\bA\s?-?(\d{5})\b'"#, "pattern: 'x*'", "the pattern of slot 'order_number' matches empty text"),
        .init(#"pattern: '\bA\s?-?(\d{5})\b'"#, #"pattern: '(\w+\s?)*x'"#,
              "the pattern of slot 'order_number'", "can backtrack catastrophically", "nested quantifier"),
        .init("canonical: 'A-$1'", "canonical: 'A-$2'", "'canonical' of slot 'order_number' uses $2 but the pattern has 1 capture group(s)"),
        .init("    entity: email\n", "    entity: email\n    pattern: x\n", line: "pattern: x", "slot 'email' has both 'entity' and 'pattern'"),
        .init("- pixel 8\n", "- pixel 8: [15 PRO]\n", line: "pixel 8: [15 PRO]",
              "'15 PRO' in slot 'product' already belongs to value 'iphone 15 pro' (line 17)"),
        .init("remember: customer", "remember: forever", "unknown 'remember' value \"forever\" in slot 'email'"),
        .init("  address:\n", "  wait_minutes:\n", line: "wait_minutes:", "slot name 'wait_minutes' is reserved"),

        // Forms
        .init("    slots: [order_number]", "    slots: [order_numbr]",
              "unknown slot 'order_numbr' in form 'lookup' (did you mean 'order_number'?)"),
        .init("      - slot: address\n        ask: [Where to?, \"What's the new address for {order_number}?\"]\n", "      - address\n",
              line: "      - address", "no question for slot 'address' of form 'moving': expected 'ask' here or on slot 'address'"),
        .init("        invalid: I need an email or a product name.\n", "", line: "one_of: [email, product]",
              "no re-ask text for 'one_of' step of form 'moving'"),
        .init("max_retries: 1", "max_retries: 20", "expected 'max_retries' in form 'moving' to be from 0 to 10 but found 20"),
        .init("cancel_intents: [deny, greet]", "cancel_intents: [deny, greeet]",
              "unknown intent 'greeet' in 'cancel_intents' of form 'moving' (did you mean 'greet'?)"),
        .init("  deny: {response: no_problem}\n", "", line: "  lookup:", "form 'lookup' cancels on intent 'deny' by default, but there is no such intent"),
        .init("forms:\n", "forms:\n  spare:\n    slots: [email]\n", line: "spare:", "form 'spare' is not used by any intent"),
        .init("  refund: {form: [order_number], response: refund_info, queue: billing}",
              "  lookup: {form: [order_number], response: refund_info, queue: billing}",
              "the inline form of intent 'lookup' would be named 'lookup', but a form of that name is declared at line 29"),

        // Intents
        .init("greet: {response: hello}", "greet: {response: helo}", "unknown response 'helo' in intent 'greet' (did you mean 'hello'?)"),
        .init("order_status: {form: lookup, action: status}", "order_status: {form: lookpu, action: status}",
              "unknown form 'lookpu' in intent 'order_status' (did you mean 'lookup'?)"),
        .init("action: status}", "action: statsu}", "unknown action 'statsu' in intent 'order_status' (did you mean 'status'?)"),
        .init("order_status: {form: lookup, action: status}", "order_status: {action: status}",
              "action 'status' needs {order_number} in its URL, but intent 'order_status' has no form step that always fills it"),
        .init("oos: {response: fallback}", "oos: {}", "intent 'oos' does nothing"),
        .init("move: {form: moving, human_only: true, response: move_ack}", "move: {form: moving, human_only: true, kb: true, response: move_ack}",
              "intent 'move' is human_only, so its 'kb' would never run"),
        .init("  help: {kb: true}\n", "  help: {kb: true}\n  other: {kb: true}\n", line: "other:",
              "intent 'other' has 'kb: true' but no customer article in kb/ lists it"),
        .init("refund_info, queue: billing}", "refund_info, queue: biling}", "unknown queue 'biling' in intent 'refund' (did you mean 'billing'?)"),
        .init("intents: [order_status, move]", "intents: [order_status, move, refund]", line: "queue: billing}",
              "intent 'refund' names queue 'billing' but queue 'orders' lists it"),

        // Responses
        .init("refund_info: Refunds for {order_number} take 5 days.", "refund_info: Refunds for {order_nummber} take 5 days.",
              "unknown placeholder {order_nummber} in response 'refund_info' (did you mean 'order_number'?)"),
        .init("no_problem: No problem.", "no_problem: No {problem.", "unclosed '{'", "in response 'no_problem'"),
        .init("  no_problem: No problem.\n", "  no_problem: |\n    No problem.\n    See {nope}.\n", line: "See {nope}",
              "unknown placeholder {nope} in response 'no_problem'"),
        .init("hello: [Hi!, Hello!]", "hello: [Hi!, \"Hello, {wait_minutes}!\"]",
              "{wait_minutes} in response 'hello' is only known on handoff", "used by intent 'greet'"),
        .init("fallback: I can't help with that.", "fallback: \"I can't help with {result.status}.\"",
              "{result.status} in response 'fallback' is only known after an action succeeded"),
        .init("  no_problem: No problem.\n", "  no_problem: No problem.\n  unused: Never sent.\n", line: "unused:",
              "response 'unused' is never sent"),
        .init("  cancelled: Stopped.\n", "  cancelled: Stopped.\n  handoff: Hi.\n", line: "handoff: Hi", "'handoff' is reserved"),
        .init("hello: [Hi!, Hello!]", "hello: [Hi!, Hi!]", "variant 2 of response 'hello' repeats an earlier one"),

        // Actions
        .init("/orders/{order_number}'", "/orders/{order_numbr}'", line: "url:",
              "unknown placeholder {order_numbr} in 'url' of action 'status' (did you mean 'order_number'?)"),
        .init("${ORDERS_URL:-http://127.0.0.1:8089}", "${ORDERS_URL}", line: "url:",
              "environment variable ORDERS_URL is not set and ${ORDERS_URL} has no default"),
        .init("${ORDERS_URL:-http://127.0.0.1:8089}", "${ORDERS_URL:-ftp://127.0.0.1:8089}", line: "url:",
              "expected 'url' of action 'status' to be an http:// or https:// URL"),
        .init("method: get", "method: fetch", "unknown HTTP method 'fetch' in action 'status'"),
        .init("    type: http\n", "", line: "  status:", "expected 'type' in action 'status'"),

        // Escalation and kb
        .init("default_queue: general", "default_queue: generl", "unknown queue 'generl' in 'default_queue' (did you mean 'general'?)"),
        .init("low_confidence: 0.35", "low_confidence: 1.5", "expected 'low_confidence' in 'escalation' to be from 0.0 to 1.0 but found 1.5"),
        .init("consecutive_fallbacks: 3", "consecutive_fallbacks: three", "expected 'consecutive_fallbacks' in 'escalation' to be a whole number"),
        .init("    billing:\n      expected_wait_minutes: 5", "    billing:\n      intents: [move]\n      expected_wait_minutes: 5",
              line: "intents: [move]", "intent 'move' is already routed to queue 'orders'"),
        .init("  order_status: {form: lookup, action: status}", "  order_status: {form: lookup, action: status, dates: later}",
              "'dates' of intent 'order_status' is 'later': expected past or future"),
        .init("human_request_intents: [human]", "human_request_intents: [humna]",
              "unknown intent 'humna' in 'human_request_intents' (did you mean 'human'?)"),
        .init("  answer: kb_answer\n", "", line: "^kb:", "expected 'answer' in 'kb'"),
        .init("  follow_up: kb_help", "  follow_up: kb_none", line: "kb_help: Did that",
              "response 'kb_help' is never sent"),
    ]

    @Test(arguments: cases)
    func errorNamesFileLineAndExpectation(_ errorCase: DomainErrorCase) throws {
        let original = DomainFixture.yaml
        #expect(original.components(separatedBy: errorCase.replace).count == 2, "'\(errorCase.replace)' must occur once in the fixture")
        let yaml = original.replacingOccurrences(of: errorCase.replace, with: errorCase.with)
        let dir = try DomainFixture.folder(yaml)
        let line = DomainFixture.line(of: errorCase.lineOf, in: yaml)
        expect(dataError { try DomainFixture.load(dir) }, file: dir.path + "/domain.yml", line: line, contains: errorCase.fragments)
    }

    @Test func wholeFileErrors() throws {
        for (yaml, line, fragment) in [
            ("", 1, "empty file: expected a domain with 'intents', 'responses' and 'escalation' sections"),
            ("- a\n", 1, "expected a mapping of domain sections"),
            ("intents: {a: {response: r}}\nresponses: {r: hi}\n", 1, "expected a top-level 'escalation' section"),
            ("intents: [a\n", 2, "invalid YAML"),
        ] {
            let dir = try DomainFixture.folder(yaml)
            expect(dataError { try DomainFixture.load(dir) }, file: dir.path + "/domain.yml", line: line, contains: [fragment])
        }
    }

    @Test func didYouMeanOnlySuggestsCloseNames() {
        #expect(DidYouMean.hint(for: "respones", among: ["responses", "intents"]) == " (did you mean 'responses'?)")
        #expect(DidYouMean.hint(for: "kb", among: ["queues", "forms"]) == "")
        #expect(DidYouMean.editDistance("ab", "ba") == 1)
        #expect(DidYouMean.editDistance("", "abc") == 3)
    }
}
