import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineData

@Suite struct DomainKnowledgeBaseTests {
    static let article = """
        ---
        title: How to return an item
        summary: Return it within 30 days.
        tags: [returns, refunds]
        intents: [return_item]
        products: [acme buds 2, pixel 8]
        audience: customer
        url: https://help.acme.example/returns/how-to-return
        ---
        # How to return an item

        Go to Account > Orders.

        """

    @Test func readsFrontMatterAndBody() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("kb/returns-how-to-return.md", Self.article)
        let article = try KnowledgeBaseArticleReader.read(file: file)
        #expect(article == KnowledgeBaseArticle(
            id: "returns-how-to-return", title: "How to return an item", summary: "Return it within 30 days.",
            body: "# How to return an item\n\nGo to Account > Orders.", tags: ["returns", "refunds"], intents: ["return_item"],
            products: ["acme buds 2", "pixel 8"], audience: .customer, url: "https://help.acme.example/returns/how-to-return",
            file: file))
    }

    @Test func optionalFieldsDefaultAndWindowsLineEndingsWork() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("a.md", "---\r\ntitle: T\r\nsummary: S\r\nurl: http://x.example/a\r\naudience: agent\r\n---\r\nBody\r\n")
        let article = try KnowledgeBaseArticleReader.read(file: file)
        #expect(article.tags.isEmpty && article.intents.isEmpty && article.products.isEmpty)
        #expect(article.audience == .agent)
        #expect(article.body == "Body")
    }

    @Test func readsAFolderSortedByIdAndSkipsOtherFiles() throws {
        let dir = try TemporaryFolder()
        try dir.write("kb/b.md", Self.article.replacingOccurrences(of: "how-to-return", with: "b"))
        try dir.write("kb/a.md", Self.article)
        try dir.write("kb/notes.txt", "not an article")
        try dir.write("kb/.draft.md", "not read")
        #expect(try KnowledgeBaseArticleReader.read(folder: dir.path + "/kb").map(\.id) == ["a", "b"])
    }

    // Each case: article text, expected line, message fragment.
    @Test(arguments: [
        ("title: x\n---\nbody\n", 1, "expected front matter: the file must start with a '---' line"),
        ("---\ntitle: x\nbody\n", 1, "unclosed front matter: expected a '---' line after it"),
        ("---\n---\nbody\n", 2, "empty front matter"),
        ("---\ntitle: T\nsummary: S\nurl: https://x.example\ntgas: [a]\n---\nbody\n", 5, "unknown key 'tgas' in the front matter (did you mean 'tags'?)"),
        ("---\nsummary: S\nurl: https://x.example\n---\nbody\n", 4, "expected 'title' in the front matter"),
        ("---\ntitle: T\nsummary: S\nurl: https://x.example\naudience: staff\n---\nbody\n", 5, "unknown audience 'staff': expected 'customer' or 'agent'"),
        ("---\ntitle: T\nsummary: S\nurl: help/returns\n---\nbody\n", 4, "expected 'url' to be an http:// or https:// link"),
        ("---\ntitle: T\nsummary: S\nurl: https://x.example\n---\n\n  \n", 5, "empty article: expected Markdown after the closing '---'"),
        ("---\ntitle: T\nsummary: S\nurl: https://x.example\nintents: return_item\n---\nbody\n", 5, "expected 'intents' to be a list"),
        ("---\ntitle: T\nsummary: [S\nurl: https://x.example\n---\nbody\n", 4, "invalid YAML"),
        ("---\ntitle:\nsummary: S\nurl: https://x.example\n---\nbody\n", 2, "expected 'title' to be text but found nothing"),
    ])
    func errorsNameFileAndFileLine(text: String, line: Int, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("kb/x.md", text)
        expect(dataError { try KnowledgeBaseArticleReader.read(file: file) }, file: file, line: line, contains: [message])
    }

    @Test func duplicateURLsInAFolderAreRejected() throws {
        let dir = try TemporaryFolder()
        try dir.write("kb/a.md", Self.article)
        let second = try dir.write("kb/b.md", Self.article)
        expect(dataError { try KnowledgeBaseArticleReader.read(folder: dir.path + "/kb") }, file: second, line: 8,
               contains: ["url https://help.acme.example/returns/how-to-return is already used by", "a.md"])
    }

    @Test func articlesMustNameDomainIntentsAndProducts() throws {
        let unknownIntent = DomainFixture.article.replacingOccurrences(of: "intents: [help]", with: "intents: [help, hlep2]")
        var dir = try DomainFixture.folder(article: unknownIntent)
        expect(dataError { try DomainFixture.load(dir) }, file: dir.path + "/kb/getting-help.md", line: 5,
               contains: ["unknown intent 'hlep2' in 'intents'", "expected an intent declared in \(dir.path)/domain.yml"])

        let unknownProduct = DomainFixture.article.replacingOccurrences(of: "products: [pixel 8]", with: "products:\n  - pixel 8\n  - pixel 9")
        dir = try DomainFixture.folder(article: unknownProduct)
        expect(dataError { try DomainFixture.load(dir) }, file: dir.path + "/kb/getting-help.md", line: 8,
               contains: ["unknown product 'pixel 9' in 'products' (did you mean 'pixel 8'?)", "canonical value of slot 'product'"])
    }

    @Test func agentNotesDoNotAnswerCustomers() throws {
        let agentOnly = DomainFixture.article.replacingOccurrences(of: "audience: customer", with: "audience: agent")
        let dir = try DomainFixture.folder(article: agentOnly)
        expect(dataError { try DomainFixture.load(dir) }, file: dir.path + "/domain.yml", line: DomainFixture.line(of: "help: {kb: true}"),
               contains: ["intent 'help' has 'kb: true' but no customer article"])
    }
}

@Suite struct ArticleApplicabilityTests {
    @Test func versionRangesCompareDottedVersions() throws {
        var problem: String?
        let range = try #require(VersionRange(">=4.0 <5.0", error: &problem))
        #expect(range.contains("4.2") == true)
        #expect(range.contains("4") == true)
        #expect(range.contains("5.0") == false)
        #expect(range.contains("3.9.9") == false)
        #expect(range.contains("4.x") == nil)
        #expect(VersionRange(">= 16", error: &problem)?.contains("17.4") == true)
        #expect(VersionRange("<4, >=3", error: &problem)?.contains("3.2") == true)
        #expect(VersionRange("4.2", error: &problem) == nil)
        #expect(problem?.contains("no comparison") == true)
        #expect(VersionRange(">=four", error: &problem) == nil)
        #expect(problem?.contains("not a version") == true)
    }

    @Test func shippedVariantsDeclareWhereTheyApply() throws {
        let domain = try ShippedAssistant.domain()
        let classic = try #require(domain.articles.first { $0.id == "connect-app-classic-ios" })
        #expect(classic.applicability.variantOf == "connect-app-ios")
        #expect(classic.applicability.platforms == ["ios"])
        #expect(classic.applicability.appVersions?.contains("3.2") == true)
        #expect(domain.articles.first { $0.id == "connect-app-android" }?.applicability.platforms == ["android"])
    }
}
