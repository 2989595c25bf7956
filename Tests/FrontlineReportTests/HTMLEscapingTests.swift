import Testing
@testable import FrontlineReport

@Suite struct HTMLEscapingTests {
    @Test func escapesEveryMarkupCharacter() {
        #expect(HTML.escape(#"<b>"Tom" & 'Jerry'</b>"#) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(HTML.escape("café ✓") == "café ✓")
    }
}
