import FrontlineData
@testable import FrontlineEngine
import Testing

@Suite("Knowledge base: articles fit the customer's context")
struct ArticleFitTests {
    static func range(_ text: String) -> VersionRange? {
        var problem: String?
        return VersionRange(text, error: &problem)
    }

    @Test("what the context doesn't say filters nothing; what it says rules out and ranks")
    func filtersAndBoosts() {
        let ios = ArticleApplicability(platforms: ["ios"], osVersions: Self.range(">=16"), appVersions: Self.range(">=4.0"))
        let unknown = ArticleFit(context: [:])
        #expect(unknown.applies(ios))
        #expect(unknown.boost(ios) == 0)

        let current = ArticleFit(context: ["platform": "iOS", "os_version": "17.4", "version": "4.2"])
        #expect(current.applies(ios))
        #expect(abs(current.boost(ios) - (ArticleFit.platformBoost + 2 * ArticleFit.versionBoost)) < 1e-9)

        #expect(!ArticleFit(context: ["platform": "android"]).applies(ios))
        #expect(!ArticleFit(context: ["platform": "ios", "version": "3.9"]).applies(ios))
        #expect(!ArticleFit(context: ["platform": "ios", "os_version": "15.7"]).applies(ios))
        // An unreadable version can't rule anything out.
        #expect(ArticleFit(context: ["version": "beta"]).applies(ios))
    }

    @Test("page patterns: a trailing * matches the rest of the path")
    func pages() {
        let account = ArticleApplicability(pages: ["/account/*"])
        #expect(ArticleFit(context: ["page": "/account/orders"]).boost(account) == ArticleFit.pageBoost)
        #expect(ArticleFit(context: ["page": "/checkout"]).boost(account) == 0)
    }
}
