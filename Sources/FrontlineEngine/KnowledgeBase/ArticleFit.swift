import Foundation
import FrontlineData

/// How an article fits the customer's context: the chat server's message metadata
/// (`platform`, `os_version`, `version` or `app_version`, `page`). An article restricted to
/// other platforms or versions is left out; one that names the customer's platform, versions
/// or page ranks higher; a variant (`variant_of`) replaces its article when it fits better.
/// What the context doesn't say filters nothing.
struct ArticleFit: Sendable {
    static let platformBoost = 0.1
    static let versionBoost = 0.05
    static let pageBoost = 0.05

    var platform: String?
    var osVersion: String?
    var appVersion: String?
    var page: String?

    init(context: [String: String]) {
        func value(_ keys: String...) -> String? {
            keys.lazy.compactMap { context[$0]?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        }
        platform = value("platform", "os").map { $0.lowercased() }
        osVersion = value("os_version")
        appVersion = value("version", "app_version")
        page = value("page")
    }

    func applies(_ where: ArticleApplicability) -> Bool {
        if let platform, !`where`.platforms.isEmpty, !`where`.platforms.contains(platform) { return false }
        if let osVersion, let range = `where`.osVersions, range.contains(osVersion) == false { return false }
        if let appVersion, let range = `where`.appVersions, range.contains(appVersion) == false { return false }
        return true
    }

    /// What the context confirms about the article (0 when it confirms nothing).
    func boost(_ where: ArticleApplicability) -> Double {
        var boost = 0.0
        if let platform, `where`.platforms.contains(platform) { boost += Self.platformBoost }
        if let osVersion, `where`.osVersions?.contains(osVersion) == true { boost += Self.versionBoost }
        if let appVersion, `where`.appVersions?.contains(appVersion) == true { boost += Self.versionBoost }
        if let page, `where`.pages.contains(where: { Self.matches(page, pattern: $0) }) { boost += Self.pageBoost }
        return boost
    }

    /// The article or one of its variants that fits the context best (the article itself on a
    /// tie), with its boost; nil when none applies.
    func best(_ article: KnowledgeBaseArticle, in domain: Domain) -> (article: KnowledgeBaseArticle, boost: Double)? {
        let variants = domain.articles.filter { $0.applicability.variantOf == article.id }
        return ([article] + variants)
            .filter { applies($0.applicability) }
            .map { ($0, boost($0.applicability)) }
            .max { a, b in a.1 < b.1 }
    }

    /// "/account/*" matches "/account/orders"; otherwise the path must be equal.
    static func matches(_ page: String, pattern: String) -> Bool {
        pattern.hasSuffix("*") ? page.hasPrefix(String(pattern.dropLast())) : page == pattern
    }
}
