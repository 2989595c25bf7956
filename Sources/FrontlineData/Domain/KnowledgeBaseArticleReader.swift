import Foundation
import Yams

/// Reads help-centre articles: Markdown files that start with YAML front matter.
///
///     ---
///     title: How to return an item
///     summary: One or two sentences that answer the question; the bot sends this.
///     tags: [returns, refunds]
///     intents: [return_item]
///     products: []
///     audience: customer
///     url: https://help.acme.example/returns/how-to-return
///     ---
///     Body in Markdown.
///
/// `title`, `summary` and `url` (http or https) are required; `tags`, `intents` and `products`
/// are lists that default to empty; `audience` is `customer` (the default) or `agent`;
/// `family` names the kind of device ("Phone"); `fallback: true` marks the general article
/// sent when no product-specific one fits; `platforms`, `os_versions`, `app_versions` (version
/// ranges such as ">=4.0 <5.0"), `pages` and `variant_of` say where it applies (see
/// `ArticleApplicability`). Other keys are errors. The body must not be empty. Line numbers in errors are the file's own.
public enum KnowledgeBaseArticleReader {
    static let keys = ["title", "summary", "tags", "intents", "products", "audience", "url", "family", "fallback",
                       "platforms", "os_versions", "app_versions", "pages", "variant_of"]
    static let delimiter = "---"

    /// One article; its id is the file name without `.md`.
    public static func read(file: String) throws -> KnowledgeBaseArticle {
        try readLocated(file: file).article
    }

    /// Every `*.md` file directly in `folder`, sorted by id; URLs must be unique.
    public static func read(folder: String) throws -> [KnowledgeBaseArticle] {
        try readLocated(folder: folder).map(\.article)
    }

    static func readLocated(folder: String) throws -> [LocatedArticle] {
        guard FileAccess.kind(of: folder) == .directory else {
            throw DataError(file: folder, message: FileAccess.kind(of: folder) == nil
                ? "no such file or directory" : "expected a folder of .md articles but found a file")
        }
        var articles: [LocatedArticle] = []
        var urls: [String: String] = [:]
        for name in try FileAccess.visibleEntries(of: folder) where FileAccess.fileExtension(name) == "md" {
            let path = FileAccess.join(folder, name)
            guard FileAccess.kind(of: path) == .file else { continue }
            let located = try readLocated(file: path)
            if let first = urls[located.article.url] {
                throw DataError(file: path, line: located.urlLine,
                                message: "url \(located.article.url) is already used by \(first): expected a unique link per article")
            }
            urls[located.article.url] = path
            articles.append(located)
        }
        return articles
    }

    static func readLocated(file: String) throws -> LocatedArticle {
        let id = (FileAccess.fileName(file) as NSString).deletingPathExtension
        return try parse(text: FileAccess.readText(file), id: id, file: file)
    }

    static func parse(text: String, id: String, file: String) throws -> LocatedArticle {
        // "\r\n" is one Character in Swift, so Windows line ends are normalised before splitting.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        func isDelimiter(_ line: Substring) -> Bool { line.trimmingCharacters(in: .whitespaces) == delimiter }
        guard let first = lines.first, isDelimiter(first) else {
            throw DataError(file: file, line: 1, message: "expected front matter: the file must start with a '---' line")
        }
        // Index of the closing '---' (0-based); the YAML is the lines between.
        guard let close = lines.indices.dropFirst().first(where: { isDelimiter(lines[$0]) }) else {
            throw DataError(file: file, line: 1, message: "unclosed front matter: expected a '---' line after it")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        // Line 1 of the YAML is line 2 of the file.
        let nodes = YAMLNodes(file: file, lineOffset: 1)
        guard let root = try nodes.compose(yaml) else {
            throw DataError(file: file, line: 2, message: "empty front matter: expected 'title', 'summary' and 'url'")
        }
        let fields = try nodes.entries(root, "the front matter", allowed: keys)
        func field(_ key: String) throws -> YAMLNodes.Entry {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw DataError(file: file, line: close + 1, message: "expected '\(key)' in the front matter")
            }
            return found
        }
        func list(_ key: String) throws -> [(text: String, line: Int?)] {
            guard let entry = fields.first(where: { $0.key == key }) else { return [] }
            return try nodes.list(entry.value, "'\(key)'").map { (try nodes.string($0, "each entry of '\(key)'"), nodes.line($0)) }
        }

        let urlNode = try field("url").value
        let url = try nodes.string(urlNode, "'url'")
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              !(components.host ?? "").isEmpty else {
            throw nodes.error(urlNode, "expected 'url' to be an http:// or https:// link but found \"\(url)\"")
        }
        var audience = KnowledgeBaseArticle.Audience.customer
        if let entry = fields.first(where: { $0.key == "audience" }) {
            let text = try nodes.string(entry.value, "'audience'")
            guard let parsed = KnowledgeBaseArticle.Audience(rawValue: text) else {
                throw nodes.error(entry.value, "unknown audience '\(text)': expected "
                    + YAMLNodes.list(KnowledgeBaseArticle.Audience.allCases.map(\.rawValue)))
            }
            audience = parsed
        }
        func range(_ key: String) throws -> VersionRange? {
            guard let entry = fields.first(where: { $0.key == key }) else { return nil }
            let text = try nodes.string(entry.value, "'\(key)'")
            var problem: String?
            guard let parsed = VersionRange(text, error: &problem) else {
                throw nodes.error(entry.value, "'\(key)': \(problem ?? "not a version range")")
            }
            return parsed
        }
        let applicability = ArticleApplicability(
            platforms: try list("platforms").map { $0.text.lowercased() }, osVersions: try range("os_versions"),
            appVersions: try range("app_versions"), pages: try list("pages").map(\.text),
            variantOf: try fields.first { $0.key == "variant_of" }.map { try nodes.string($0.value, "'variant_of'") })
        let intents = try list("intents")
        let products = try list("products")
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else {
            throw DataError(file: file, line: close + 1, message: "empty article: expected Markdown after the closing '---'")
        }
        let article = KnowledgeBaseArticle(
            id: id, title: try nodes.string(try field("title").value, "'title'"),
            summary: try nodes.string(try field("summary").value, "'summary'"), body: body,
            tags: try list("tags").map(\.text), intents: intents.map(\.text), products: products.map(\.text),
            audience: audience, url: url, file: file,
            family: try fields.first { $0.key == "family" }.map { try nodes.string($0.value, "'family'") },
            isFallback: try fields.first { $0.key == "fallback" }.map { try nodes.bool($0.value, "'fallback'") } ?? false,
            applicability: applicability)
        return LocatedArticle(article: article, intentLines: intents.map(\.line), productLines: products.map(\.line),
                              urlLine: nodes.line(urlNode))
    }
}

/// An article with the lines of the front-matter values the domain checks.
struct LocatedArticle {
    var article: KnowledgeBaseArticle
    var intentLines: [Int?]
    var productLines: [Int?]
    var urlLine: Int?
}
