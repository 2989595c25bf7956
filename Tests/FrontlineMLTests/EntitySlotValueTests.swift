import Testing

@testable import FrontlineML

@Suite struct EntitySlotValueTests {
    let products = SlotValueSet([
        SlotValue("iphone 15 pro", synonyms: ["15 pro", "iphone15pro", "iPhone 15 Pro"]),
        SlotValue("iphone 15"),
        SlotValue("airpods pro", synonyms: ["airpods"]),
        SlotValue("ipad pro"),
        SlotValue("tv", synonyms: ["television"]),
        SlotValue("crème brûlée"),
        SlotValue("mouse pad"),
        SlotValue("mouse pan"),
        SlotValue("galaxy s24", synonyms: ["pro"]),
        SlotValue("pixel 9", synonyms: ["pro"]),
    ])

    func normalized(_ raw: String) -> String? {
        guard let n = products.normalize(raw) else { return nil }
        return "\(n.value)|\(n.exact ? "exact" : "fuzzy")"
    }

    @Test func exactIgnoresCaseDiacriticsAndSpacing() {
        #expect(normalized("iphone 15 pro") == "iphone 15 pro|exact")
        #expect(normalized("IPHONE 15 PRO") == "iphone 15 pro|exact")
        #expect(normalized("iphone15pro") == "iphone 15 pro|exact")
        #expect(normalized("iPhone-15-Pro!") == "iphone 15 pro|exact")
        #expect(normalized("  15   Pro ") == "iphone 15 pro|exact")
        #expect(normalized("15pro") == "iphone 15 pro|exact")
        #expect(normalized("iphone 15") == "iphone 15|exact")
        #expect(normalized("creme brulee") == "crème brûlée|exact")
        #expect(normalized("Television") == "tv|exact")
    }

    @Test func oneTypoOnLongValues() {
        #expect(normalized("ipohne 15 pro") == "iphone 15 pro|fuzzy")  // swapped
        #expect(normalized("iphone 15 prp") == "iphone 15 pro|fuzzy")  // wrong letter
        #expect(normalized("iphone 15 pr") == "iphone 15 pro|fuzzy")  // missing letter
        #expect(normalized("iphoone 15 pro") == "iphone 15 pro|fuzzy")  // extra letter
        #expect(normalized("airpod") == "airpods pro|fuzzy")
        #expect(normalized("televison") == "tv|fuzzy")
    }

    @Test func rejectedFuzzyMatches() {
        #expect(normalized("tc") == nil)  // "tv" is too short for a typo
        #expect(normalized("ipohne 15 prp") == nil)  // two typos
        #expect(normalized("iphone 14 pro") == nil)  // a different digit is a different product
        #expect(normalized("iphone 15 pro max") == nil)
        #expect(normalized("phone 15 pro") == nil)  // not the first letter
        #expect(normalized("") == nil)
        #expect(normalized("!!") == nil)
    }

    @Test func ambiguityGivesNothing() {
        #expect(normalized("mouse pad") == "mouse pad|exact")
        #expect(normalized("mouse pas") == nil)  // one typo from "mouse pad" and from "mouse pan"
        #expect(normalized("pro") == nil)  // declared for two values
    }

    @Test func fuzzyAgreesWithEditDistance() {
        // Every single edit of a long value's letters (not the first) is found as
        // fuzzy; every double edit that is really two edits away is not.
        let set = SlotValueSet([SlotValue("headphones"), SlotValue("keyboard")])
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var generator = SeededGenerator(seed: 7)
        for word in ["headphones", "keyboard"] {
            let chars = Array(word)
            var variants: [String] = []
            for i in 1..<chars.count {
                var deleted = chars
                deleted.remove(at: i)
                variants.append(String(deleted))
                for c in letters.prefix(6) {
                    var changed = chars
                    changed[i] = c
                    variants.append(String(changed))
                    var inserted = chars
                    inserted.insert(c, at: i)
                    variants.append(String(inserted))
                }
                if i + 1 < chars.count {
                    var swapped = chars
                    swapped.swapAt(i, i + 1)
                    variants.append(String(swapped))
                }
            }
            for v in variants where v != word {
                #expect(set.normalize(v)?.value == word, "\(v)")
                #expect(set.normalize(v)?.exact == false, "\(v)")
            }
            for _ in 0..<300 {
                var changed = chars
                let i = Int.random(in: 1..<chars.count, using: &generator)
                let j = Int.random(in: 1..<chars.count, using: &generator)
                changed[i] = letters[Int.random(in: 0..<26, using: &generator)]
                changed[j] = letters[Int.random(in: 0..<26, using: &generator)]
                let v = String(changed)
                let expected = editDistance(v, word) <= 1 ? word : nil
                #expect(set.normalize(v)?.value == expected, "\(v)")
            }
        }
    }

    @Test func findsValuesInText() {
        let text = "Is the iPhone 15 Pro or the airpods pro in stock?"
        let found = products.matches(in: text)
        #expect(found.map(\.value) == ["iphone 15 pro", "airpods pro"])
        #expect(found.map(\.raw) == ["iPhone 15 Pro", "airpods pro"])
        #expect(found.map(\.start) == [7, 28] && found.map(\.end) == [20, 39])
        #expect(found.allSatisfy { $0.exact })
    }

    @Test func textMatchesAreWholeWordsLongestFirst() {
        #expect(products.matches(in: "my iphone 15 proxy").map(\.value) == ["iphone 15"])
        #expect(products.matches(in: "iphone15pro and iphone 15").map(\.value) == ["iphone 15 pro", "iphone 15"])
        #expect(products.matches(in: "myiphone 15").map(\.value) == [])
        #expect(products.matches(in: "my phone is broken").isEmpty)
        #expect(products.matches(in: "a iphone 15 pro").map(\.raw) == ["iphone 15 pro"])
        #expect(products.matches(in: "a tv, a tc").map(\.raw) == ["tv"])
    }

    @Test func fuzzyMatchesInText() {
        let found = products.matches(in: "Café: my ipohne 15 pro broke")
        #expect(found.count == 1)
        #expect(found.first?.value == "iphone 15 pro" && found.first?.exact == false)
        #expect(found.first?.raw == "ipohne 15 pro" && found.first?.start == 9)
        #expect(products.matches(in: "the mouse pas").isEmpty)
    }

    @Test func customFuzzyMinimum() {
        let strict = SlotValueSet([SlotValue("speaker")], fuzzyMinimumLength: 8)
        #expect(strict.normalize("speakr") == nil)
        #expect(SlotValueSet([SlotValue("speaker")]).normalize("speakr")?.value == "speaker")
    }
}

/// Optimal-string-alignment distance (Damerau–Levenshtein with adjacent swaps), for checking.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in stride(from: 1, through: x.count, by: 1) {
        for j in stride(from: 1, through: y.count, by: 1) {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[x.count][y.count]
}
