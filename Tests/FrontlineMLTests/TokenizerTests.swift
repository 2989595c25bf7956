import Testing
@testable import FrontlineML

@Suite struct TokenizerTests {
    func words(_ text: String) -> [String] { Tokenizer.tokenize(text).map(\.text) }

    /// The original text a token's offsets point at.
    func original(_ text: String, _ token: Token) -> String {
        let scalars = Array(text.unicodeScalars)[token.start..<token.end]
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    @Test func foldsCase() {
        #expect(words("HELLO World hElLo") == ["hello", "world", "hello"])
        #expect(words("ÉCOLE ÀÎÔ") == ["ecole", "aio"])
        #expect(words("ПРИВЕТ") == ["привет"])
    }

    @Test func stripsDiacritics() {
        #expect(words("Café") == ["cafe"])
        #expect(words("naïve") == ["naive"])
        #expect(words("Zürich São Paulo Ångström") == ["zurich", "sao", "paulo", "angstrom"])
        // Decomposed input (e + U+0301) folds the same as precomposed é.
        #expect(words("Cafe\u{301}") == ["cafe"])
        #expect(words("nai\u{308}ve") == ["naive"])
    }

    @Test func mapsDigitsToZero() {
        #expect(words("A-4471") == ["a", "0000"])
        #expect(words("order 12345, room 7b") == ["order", "00000", "room", "0b"])
        // Non-ASCII decimal digits (Arabic-Indic, full-width) too.
        #expect(words("٣٤ ９") == ["00", "0"])
    }

    @Test func apostrophesJoinWords() {
        #expect(words("don't") == ["dont"])
        #expect(words("don\u{2019}t") == ["dont"])
        #expect(words("rock'n'roll") == ["rocknroll"])
        #expect(words("I CAN'T") == ["i", "cant"])
        // An apostrophe that starts a word is not part of it.
        #expect(words("'quoted'") == ["quoted"])
        #expect(words("\u{2019}tis") == ["tis"])
        // "don't" keeps its full span.
        let t = Tokenizer.tokenize("I don't")
        #expect(t.map(\.start) == [0, 2])
        #expect(t.map(\.end) == [1, 7])
    }

    @Test func punctuationAndSymbolsSplit() {
        #expect(words("hello,world!foo.bar?baz") == ["hello", "world", "foo", "bar", "baz"])
        #expect(words("e-mail me@x.com") == ["e", "mail", "me", "x", "com"])
        #expect(words("a\tb\nc  d") == ["a", "b", "c", "d"])
        #expect(words("(ok)") == ["ok"])
    }

    @Test func emptyAndWhitespaceOnly() {
        #expect(Tokenizer.tokenize("").isEmpty)
        #expect(Tokenizer.tokenize("   \t\n  ").isEmpty)
        #expect(Tokenizer.tokenize("?!, ...").isEmpty)
        #expect(Tokenizer.normalize("") == "")
        #expect(Tokenizer.normalize("  \n ") == "")
    }

    @Test func normalizeJoinsWithSingleSpaces() {
        #expect(Tokenizer.normalize("  Hello,   WORLD!  Café 42 ") == "hello world cafe 00")
    }

    @Test func offsetsAreScalarOffsetsPastEmoji() {
        // 👨‍👩‍👧 is five scalars (three people joined by ZWJ) but eight UTF-16 units.
        let text = "👨‍👩‍👧 Zürich, café 👍🏽ok"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == ["zurich", "cafe", "ok"])
        #expect(tokens.map(\.start) == [6, 14, 21])
        #expect(tokens.map(\.end) == [12, 18, 23])
        #expect(tokens.map { original(text, $0) } == ["Zürich", "café", "ok"])
    }

    @Test func offsetsWithCombiningMarksInsideWords() {
        // The combining diaeresis (scalar 5) sits inside the word and inside its span.
        let text = "x nai\u{308}ve y"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == ["x", "naive", "y"])
        #expect(tokens.map(\.start) == [0, 2, 9])
        #expect(tokens.map(\.end) == [1, 8, 10])
        #expect(original(text, tokens[1]) == "nai\u{308}ve")
    }

    @Test func offsetsIncludeTrailingCombiningMark() {
        // "Cafe\u{301}" is one word of five scalars; its span must cover the accent,
        // or a slot value cut from the original text ends in a bare "e".
        let text = "Cafe\u{301} ok"
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.map(\.text) == ["cafe", "ok"])
        #expect(tokens.map(\.start) == [0, 6])
        #expect(tokens.map(\.end) == [5, 8])
        if let first = tokens.first { #expect(original(text, first) == "Cafe\u{301}") }
    }

    @Test func tokenScalarsAreNormalisedText() {
        let t = Tokenizer.tokenize("Ünïcode")
        #expect(t.count == 1)
        #expect(t.first?.scalars == Array("unicode".unicodeScalars))
    }
}
