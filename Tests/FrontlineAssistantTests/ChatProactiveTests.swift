import Foundation
import FrontlineTestFiles
import Testing

private let root = PackageRoot.url

/// The proactive-chat story in `frontline chat`: an event, the opener the domain's rules
/// choose, its acceptance, and the customer's first reply continuing that topic.
@Suite("CLI: proactive chat in frontline chat")
struct ChatProactiveTests {
    @Test(.enabled(if: frontline != nil, "the frontline executable is not beside the tests (build with swift build --build-tests)"))
    func openerAcceptedAndContinued() throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = temporary.url
        let (status, output) = try runFrontline(
            [
                "chat", "--data", root.appendingPathComponent("TrainingData").path,
                "--model", root.appendingPathComponent("Models/default").path, "--db", folder.appendingPathComponent("a.db").path,
            ],
            input: """
                /prompt
                /customer cust-42
                /prompt
                /event page_view page=/returns/policy seconds=75
                /prompt
                /accept
                it was the wrong size

                """)
        #expect(status == 0, "\(output)")
        #expect(output.contains("needs a customer"), "\(output)")
        #expect(output.contains("no opener now: no_rule_matched"), "\(output)")
        #expect(output.contains("rule lingering_on_returns, about return_item"), "\(output)")
        #expect(output.contains("is about return_item now"), "\(output)")
        // The first reply continues the return: the bot asks for the order number, not "I didn't get that".
        let lastReply = output.components(separatedBy: "bot › ").last ?? ""
        #expect(lastReply.lowercased().contains("order number"), "\(output)")
    }
}
