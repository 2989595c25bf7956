/// A message the assistant sends. Among the variants whose placeholders all have values
/// (`ResponseTemplate.render` returns non-nil), the engine picks one of those with the most
/// placeholders, so a detailed variant wins when its data is there and a general one covers the rest.
public struct DomainResponse: Sendable, Hashable {
    public var name: String
    public var variants: [String]
    public var line: Int?

    public init(name: String, variants: [String], line: Int? = nil) {
        self.name = name
        self.variants = variants
        self.line = line
    }
}
