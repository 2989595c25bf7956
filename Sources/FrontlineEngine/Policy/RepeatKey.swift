/// The form of a message used to spot the customer sending the same thing again.
enum RepeatKey {
    static func of(_ text: String) -> String {
        let kept = text.lowercased().unicodeScalars.map { $0.properties.isAlphabetic || $0.properties.numericType != nil ? Character($0) : " " }
        return String(kept).split(separator: " ").joined(separator: " ")
    }
}
