/// Escaping and number formatting for the generated pages. Every string that comes
/// from data (utterances, labels, paths) goes through `escape` before it is written.
public enum HTML {
    /// Text safe inside an element or a double- or single-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Fixed-point number, the same on every run and platform (no locale).
    public static func fixed(_ value: Double, _ digits: Int = 3) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", value)
    }

    public static func percent(_ value: Double?) -> String {
        value.map { fixed($0 * 100, 2) + "%" } ?? "n/a"
    }
}

/// A whole self-contained page: inline CSS and script, no external resources.
public struct HTMLDocument {
    public var title: String
    /// HTML (escaped by the caller).
    public var subtitle: String
    public var sections: [String] = []

    public init(title: String, subtitle: String, sections: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(ReportAssets.css)</style>
        </head>
        <body>
        <header><h1>\(HTML.escape(title))</h1><p class="sub">\(subtitle)</p></header>
        <main>
        \(sections.joined(separator: "\n"))
        </main>
        <script>\(ReportAssets.script)</script>
        </body>
        </html>

        """
    }

    /// One titled section; `id` anchors it for tests and links.
    public static func section(id: String, title: String, note: String? = nil, _ body: String) -> String {
        let noteHTML = note.map { "<p class=\"note\">\($0)</p>" } ?? ""
        return "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>\(noteHTML)\n\(body)\n</section>"
    }
}
