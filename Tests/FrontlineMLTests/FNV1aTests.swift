import Foundation
import Testing
import FrontlineML

/// The one stable hash, against the published FNV-1a 64 test vectors.
@Suite struct FNV1aTests {
    @Test(arguments: [
        ("", UInt64(0xcbf2_9ce4_8422_2325)),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func publishedVectors(text: String, expected: UInt64) {
        #expect(FNV1a.hash(bytes: text.utf8) == expected)
        var h = FNV1a()
        h.feed(text)
        #expect(h.value == expected)
        #expect(h.tagged == "fnv1a64:" + String(expected, radix: 16))
    }

    @Test func feedingInPiecesIsFeedingTheWhole() {
        var pieces = FNV1a()
        pieces.feed("foo")
        pieces.feed("bar")
        #expect(pieces.value == FNV1a.hash(bytes: Data("foobar".utf8)))
    }
}
