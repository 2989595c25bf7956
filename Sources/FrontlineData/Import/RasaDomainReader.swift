import Foundation
import Yams

/// Reads a Rasa 2.x/3.x domain (one file or several, as Rasa allows): `intents` (names, or
/// maps with `use_entities` / `ignore_entities` / `triggers`), `entities` (names, or maps with
/// `roles` / `groups`), `slots` with `type`, `values` and `mappings`, `responses`, `forms`
/// (`required_slots` as a list, the 2.x mapping of slot → mappings, or 2.0's bare mapping),
/// `actions`, `session_config` and `e2e_actions`.
struct RasaDomainReader {
    struct Mapping {
        var type: String
        var entity: String?
        var role: String?
        var group: String?
        /// `intent` / `not_intent` conditions, which Frontline can't express.
        var conditioned: Bool
    }

    struct Slot {
        var name: String
        var type: String
        var values: [String]
        var mappings: [Mapping]
        var file: String
        var line: Int?
    }

    struct Variant {
        var text: String?
        var buttons: [String] = []
        var image: String?
        var custom = false
        var conditions: [(name: String, value: String)] = []
        var channel: String?
        var other: [String] = []
        var line: Int?
    }

    struct Response {
        var name: String
        var variants: [Variant]
        var file: String
        var line: Int?
    }

    struct Form {
        var name: String
        var slots: [String]
        var file: String
        var line: Int?
    }

    struct Named {
        var name: String
        var file: String
        var line: Int?
    }

    var intents: [Named] = []
    var entities: [Named] = []
    var slots: [Slot] = []
    var responses: [Response] = []
    var forms: [Form] = []
    var actions: [Named] = []

    static let keys: Set<String> = ["intents", "entities", "slots", "responses", "forms", "actions", "session_config",
                                    "e2e_actions", "templates", "config"]

    mutating func read(_ top: Node.Mapping, file: String, report: inout ImportReport) {
        for (keyNode, value) in top {
            guard let key = keyNode.string else { continue }
            let line = keyNode.mark?.line
            switch key {
            case "intents": readIntents(value, file: file, report: &report)
            case "entities": readEntities(value, file: file, report: &report)
            case "slots": readSlots(value, file: file, report: &report)
            // `templates` is Rasa 1.x's name for `responses`.
            case "responses", "templates": readResponses(value, file: file)
            case "forms": readForms(value, file: file, report: &report)
            case "actions":
                for item in value.sequence ?? [] {
                    if let name = item.string {
                        actions.append(Named(name: name, file: file, line: item.mark?.line))
                    } else if let mapping = item.mapping, let (name, _) = mapping.first, let text = name.string {
                        actions.append(Named(name: text, file: file, line: name.mark?.line))
                    }
                }
            case "session_config":
                let settings = (value.mapping ?? [:]).map { "\($0.key.string ?? "?"): \($0.value.string ?? "…")" }.joined(separator: ", ")
                report.add(.notCarried, "session_config", file: file, line: line,
                           "session_config (\(settings)): Frontline keeps a conversation's slots for the conversation, "
                           + "and slots with 'remember: customer' across them")
            case "e2e_actions":
                report.add(.notCarried, "e2e_actions", file: file, line: line,
                           "\(value.sequence?.count ?? 0) end-to-end bot utterances (used only by stories)")
            case "config":
                report.add(.notCarried, "domain config", file: file, line: line, "domain 'config' (store_entities_as_slots)")
            default: break
            }
        }
    }

    private mutating func readIntents(_ node: Node, file: String, report: inout ImportReport) {
        for item in node.sequence ?? [] {
            if let name = item.string {
                intents.append(Named(name: name, file: file, line: item.mark?.line))
            } else if let mapping = item.mapping, let (key, properties) = mapping.first, let name = key.string {
                intents.append(Named(name: name, file: file, line: key.mark?.line))
                for (property, _) in properties.mapping ?? [:] {
                    guard let text = property.string else { continue }
                    report.add(.notCarried, "intent property", file: file, line: property.mark?.line,
                               "'\(text)' of intent '\(name)': Frontline's slot tagger reads every annotated slot of every intent")
                }
            }
        }
    }

    private mutating func readEntities(_ node: Node, file: String, report: inout ImportReport) {
        for item in node.sequence ?? [] {
            if let name = item.string {
                entities.append(Named(name: name, file: file, line: item.mark?.line))
            } else if let mapping = item.mapping, let (key, properties) = mapping.first, let name = key.string {
                entities.append(Named(name: name, file: file, line: key.mark?.line))
                for (property, values) in properties.mapping ?? [:] {
                    guard let text = property.string else { continue }
                    let listed = (values.sequence ?? []).compactMap(\.string).joined(separator: ", ")
                    let what = text == "roles" ? "roles become slots named <entity>_<role>"
                        : text == "groups" ? "Frontline has no entity groups" : "no Frontline equivalent"
                    report.add(text == "roles" ? .adapted : .notCarried, "entity \(text)", file: file, line: property.mark?.line,
                               "entity '\(name)' \(text) [\(listed)]: \(what)")
                }
            }
        }
    }

    private mutating func readSlots(_ node: Node, file: String, report: inout ImportReport) {
        for (key, definition) in node.mapping ?? [:] {
            guard let name = key.string else { continue }
            let fields = definition.mapping ?? [:]
            let type = fields["type"]?.string ?? "any"
            let values = (fields["values"]?.sequence ?? []).compactMap(\.string)
            var mappings: [Mapping] = []
            for item in fields["mappings"]?.sequence ?? [] {
                guard let m = item.mapping else { continue }
                let conditioned = m["intent"] != nil || m["not_intent"] != nil || m["conditions"] != nil
                mappings.append(Mapping(type: m["type"]?.string ?? "", entity: m["entity"]?.string, role: m["role"]?.string,
                                        group: m["group"]?.string, conditioned: conditioned))
            }
            slots.append(Slot(name: name, type: type, values: values, mappings: mappings, file: file, line: key.mark?.line))
        }
    }

    private mutating func readResponses(_ node: Node, file: String) {
        for (key, value) in node.mapping ?? [:] {
            guard let name = key.string else { continue }
            var variants: [Variant] = []
            for item in value.sequence ?? [value] {
                var variant = Variant(line: item.mark?.line)
                if let text = item.scalar?.string {
                    variant.text = text
                } else if let fields = item.mapping {
                    for (fieldKey, fieldValue) in fields {
                        switch fieldKey.string ?? "" {
                        case "text": variant.text = fieldValue.string
                        case "buttons", "quick_replies":
                            variant.buttons = (fieldValue.sequence ?? []).compactMap { $0.mapping?["title"]?.string }
                        case "image": variant.image = fieldValue.string
                        case "custom", "json_message", "attachment", "elements": variant.custom = true
                        case "channel", "output_channel": variant.channel = fieldValue.string
                        case "condition":
                            variant.conditions = (fieldValue.sequence ?? []).compactMap { condition in
                                guard let c = condition.mapping, let slot = c["name"]?.string else { return nil }
                                return (slot, c["value"]?.string ?? "null")
                            }
                        case "id", "metadata": break
                        case let other: variant.other.append(other)
                        }
                    }
                }
                variants.append(variant)
            }
            responses.append(Response(name: name, variants: variants, file: file, line: key.mark?.line))
        }
    }

    private mutating func readForms(_ node: Node, file: String, report: inout ImportReport) {
        for (key, definition) in node.mapping ?? [:] {
            guard let name = key.string else { continue }
            let fields = definition.mapping ?? [:]
            var slotNames: [String] = []
            if let required = fields["required_slots"] {
                // 3.x: a list of slot names; 2.x: slot → mappings.
                slotNames = (required.sequence ?? []).compactMap(\.string) + (required.mapping ?? [:]).compactMap { $0.key.string }
                if required.mapping != nil {
                    report.add(.adapted, "form slot mappings", file: file, line: required.mark?.line,
                               "form '\(name)' maps its slots itself (Rasa 2.x): each slot is asked and filled by the answer or an annotated span")
                }
            } else {
                // 2.0: the form's keys are its slots.
                slotNames = fields.compactMap { $0.key.string }.filter { $0 != "ignored_intents" }
            }
            if let ignored = fields["ignored_intents"] {
                report.add(.notCarried, "form ignored_intents", file: file, line: ignored.mark?.line,
                           "ignored_intents of form '\(name)': Frontline cancels a form only on its cancel_intents")
            }
            forms.append(Form(name: name, slots: slotNames, file: file, line: key.mark?.line))
        }
    }
}
