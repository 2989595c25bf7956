import Foundation
import Yams

/// Reads Rasa `stories:` and `rules:` only as far as Frontline can use them: which response
/// (or form) follows each intent. The flows themselves have no Frontline equivalent, so every
/// story and rule is listed in the report.
struct RasaStoryReader {
    /// What followed an intent in one story or rule.
    struct Follow {
        var intent: String
        /// The first action after the intent (a response, a form or a custom action).
        var action: String
        /// For a form: the first action after it finished (`active_loop: null`).
        var afterForm: String?
    }

    var follows: [Follow] = []
    /// The intent of a form's follow-up found in a rule that starts with the form itself.
    static let anyIntent = ""
    var flows = 0

    mutating func read(_ node: Node, kind: String, file: String, forms: Set<String>, report: inout ImportReport) {
        for item in node.sequence ?? [] {
            guard let fields = item.mapping else { continue }
            flows += 1
            let name = fields[kind == "rules" ? "rule" : "story"]?.string ?? "(unnamed)"
            let steps = fields["steps"]?.sequence.map(Array.init) ?? []
            var intents: [String] = [], actions: [String] = []
            for step in steps {
                if let intent = step.mapping?["intent"]?.string { intents.append(intent) }
                intents += (step.mapping?["or"]?.sequence ?? []).compactMap { $0.mapping?["intent"]?.string }
                if let action = step.mapping?["action"]?.string { actions.append(action) }
            }
            var extras: [String] = []
            for key in ["condition", "conversation_start", "wait_for_user_input"] where fields[key] != nil { extras.append(key) }
            if steps.contains(where: { $0.mapping?["checkpoint"] != nil }) { extras.append("checkpoints") }
            if steps.contains(where: { $0.mapping?["slot_was_set"] != nil }) { extras.append("slot_was_set") }
            let summary = "\(kind == "rules" ? "rule" : "story") '\(name)': \(steps.count) steps"
                + (intents.isEmpty ? "" : ", intents \(Set(intents).sorted().joined(separator: ", "))")
                + (actions.isEmpty ? "" : ", actions \(Set(actions).sorted().joined(separator: ", "))")
                + (extras.isEmpty ? "" : ", \(extras.joined(separator: ", "))")
            report.add(.notCarried, kind == "rules" ? "rule" : "story", file: file, line: item.mark?.line, summary)
            collectFollows(steps, forms: forms)
        }
    }

    /// Intent → next action pairs, through `or` steps; for a form, also the action after it.
    private mutating func collectFollows(_ steps: [Node], forms: Set<String>) {
        var pending: [String] = []
        var openForm: (intents: [String], form: String)?
        for step in steps {
            guard let fields = step.mapping else { continue }
            if let intent = fields["intent"]?.string {
                pending = [intent]
            } else if let alternatives = fields["or"]?.sequence {
                pending = alternatives.compactMap { $0.mapping?["intent"]?.string }
            } else if let action = fields["action"]?.string {
                if let open = openForm, action != open.form {
                    for intent in open.intents { follows.append(Follow(intent: intent, action: open.form, afterForm: action)) }
                    openForm = nil
                }
                if pending.isEmpty, openForm == nil, forms.contains(action) {
                    // A rule that submits a form: what follows it, for whichever intent started the form.
                    openForm = ([Self.anyIntent], action)
                }
                guard !pending.isEmpty else { continue }
                if forms.contains(action) {
                    openForm = (pending, action)
                } else {
                    for intent in pending { follows.append(Follow(intent: intent, action: action)) }
                }
                pending = []
            }
        }
        if let open = openForm {
            for intent in open.intents where intent != Self.anyIntent { follows.append(Follow(intent: intent, action: open.form)) }
        }
    }
}
