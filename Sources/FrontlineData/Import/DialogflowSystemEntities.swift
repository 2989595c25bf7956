/// Dialogflow ES system entities (`@sys.*`) and the Frontline built-in entity each maps to.
enum DialogflowSystemEntities {
    /// Exact or close equivalents among `DomainSlot.builtinEntities`.
    static let builtin: [String: String] = [
        "@sys.date": "date", "@sys.date-time": "date", "@sys.date-period": "date",
        "@sys.time": "time", "@sys.time-period": "time",
        "@sys.number": "number", "@sys.number-integer": "number", "@sys.cardinal": "number", "@sys.number-sequence": "number",
        "@sys.flight-number": "number",
        "@sys.unit-currency": "money",
        "@sys.email": "email",
        "@sys.phone-number": "phone",
        "@sys.url": "url",
    ]

    /// Mapped, but to something narrower or wider than Dialogflow's: worth a line in the report.
    static let approximate: Set<String> = ["@sys.date-time", "@sys.date-period", "@sys.time-period", "@sys.number-sequence",
                                           "@sys.flight-number"]

    /// Any text: a free-text slot is the exact equivalent.
    static let freeText: Set<String> = ["@sys.any"]
}
