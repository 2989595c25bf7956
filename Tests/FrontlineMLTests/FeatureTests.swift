import Foundation
import Testing
@testable import FrontlineML

@Suite struct NgramHasherTests {
    let hasher = NgramHasher(wordNgrams: 1...2, charNgrams: 2...3)

    @Test func countsWordAndCharNgramsOfASmallInput() {
        // "ab cd", words 1...2, chars 2...3 inside " ab " and " cd ":
        //   word: "ab", "cd", "ab cd"                               → 3
        //   char per word (padded length 4): 2-grams 4−2+1 = 3, 3-grams 4−3+1 = 2 → 5, two words → 10
        //   total 13 emissions, all different n-grams.
        let k = keys("ab cd", hasher)
        #expect(k.count == 13)
        #expect(Set(k).count == 13)
        #expect(k.filter { NgramHasher.block(of: $0) == .word }.count == 3)
        #expect(k.filter { NgramHasher.block(of: $0) == .char }.count == 10)
    }

    @Test func blockIsTheLowestBitAndKeysAreNeverZero() {
        let all = keys("The quick brown fox, 42 times!", hasher)
        #expect(!all.isEmpty)
        for key in all {
            #expect(key != 0)
            #expect((key & 1 == 1) == (NgramHasher.block(of: key) == .char))
        }
        let wordOnly = NgramHasher(wordNgrams: 1...3, charNgrams: nil)
        #expect(keys("The quick brown fox", wordOnly).allSatisfy { $0 & 1 == 0 })
        // 4 unigrams + 3 bigrams + 2 trigrams.
        #expect(keys("The quick brown fox", wordOnly).count == 9)
    }

    @Test func wordNgramRangeIsRespected() {
        let bigramsOnly = NgramHasher(wordNgrams: 2...3, charNgrams: nil)
        // "a b c d": 3 bigrams + 2 trigrams, no unigrams.
        #expect(keys("a b c d", bigramsOnly).count == 5)
        let unigrams = NgramHasher(wordNgrams: 1...1, charNgrams: nil)
        #expect(keys("a b c d", unigrams).count == 4)
        #expect(Set(keys("a b c d", bigramsOnly)).isDisjoint(with: keys("a b c d", unigrams)))
        #expect(keys("", hasher).isEmpty)
    }

    @Test func charNgramsStayInsideWords() {
        let chars = NgramHasher(wordNgrams: 0...0, charNgrams: 2...3)
        // The n-grams of "ab cd" are exactly those of "ab" followed by those of "cd":
        // nothing spans the space between the words.
        #expect(keys("ab cd", chars) == keys("ab", chars) + keys("cd", chars))
        #expect(keys("ab cd", chars) != keys("abcd", chars))
    }

    @Test func shortWordCountsOnceAsAWhole() {
        // chars 4...5: " a " (3 scalars) is shorter than 4 → one key; " abcd " (6) → 3 + 2.
        let h = NgramHasher(wordNgrams: 1...1, charNgrams: 4...5)
        let k = keys("a abcd", h)
        #expect(k.filter { $0 & 1 == 1 }.count == 6)
        #expect(k.filter { $0 & 1 == 0 }.count == 2)
    }

    @Test func repeatsAreEmittedAndBigramsAreOrdered() {
        // "ab ab": 2 unigrams + 1 bigram, 2 × 5 char n-grams = 13 emissions, 2 + 5 distinct.
        let k = keys("ab ab", hasher)
        #expect(k.count == 13)
        #expect(Set(k).count == 7)
        let forward = Set(keys("ab cd", hasher)), backward = Set(keys("cd ab", hasher))
        // Same unigrams and char n-grams, different bigram.
        #expect(forward.subtracting(backward).count == 1)
    }

    @Test func sameTextSameKeysAfterNormalisation() {
        #expect(keys("Où est ma carte?", hasher) == keys("où est ma carte?", hasher))
        #expect(keys("OU EST MA CARTE", hasher) == keys("où est ma carte", hasher))
        #expect(keys("order 123", hasher) == keys("order 987", hasher))
        #expect(keys("order 123", hasher) != keys("order 1234", hasher))
    }
}

@Suite struct TextFeaturizerTests {
    static let unigrams = NgramHasher(wordNgrams: 1...1, charNgrams: nil)
    let texts = ["a a b", "b c", "c c c d"]

    func key(_ word: String) -> UInt64 { keys(word, Self.unigrams)[0] }

    /// Word unigrams only, word block weight 1 (so vectors have unit norm).
    func words(minDF: Int = 1, sublinear: Bool = true, idf: Bool = true) -> FeatureSettings {
        FeatureSettings(
            hasher: Self.unigrams, minWordDocumentFrequency: minDF, minCharDocumentFrequency: 1,
            sublinearTF: sublinear, useIDF: idf, wordBlockWeight: 1, charBlockWeight: 1)
    }

    func value(_ v: SparseVector, _ column: Int32) -> Float? {
        v.indices.firstIndex(of: column).map { v.values[$0] }
    }

    @Test func idfMatchesTheFormula() throws {
        let (f, _) = TextFeaturizer.fit(texts, settings: words(), workers: 1)
        #expect(f.featureCount == 4)
        // n = 3 texts; df: a 1, b 2, c 2, d 1; idf = ln((1 + n) / (1 + df)) + 1.
        let expected: [String: Double] = [
            "a": log(4.0 / 2.0) + 1, "b": log(4.0 / 3.0) + 1, "c": log(4.0 / 3.0) + 1, "d": log(4.0 / 2.0) + 1,
        ]
        for (word, idf) in expected {
            let c = f.vocabulary.column(of: key(word))
            try #require(c >= 0)
            #expect(abs(Double(f.idf[Int(c)]) - idf) < 1e-6, "idf of \(word)")
        }
        // Most frequent first, ties by key.
        #expect(Array(f.vocabulary.keys[0..<2]) == [key("b"), key("c")].sorted())
        #expect(Array(f.vocabulary.keys[2..<4]) == [key("a"), key("d")].sorted())
    }

    @Test func sublinearTFTimesIDFThenL2() throws {
        let (f, x) = TextFeaturizer.fit(texts, settings: words(), workers: 1)
        let idfA = log(2.0) + 1, idfB = log(4.0 / 3.0) + 1, idfC = idfB, idfD = idfA
        // "a a b": tf(a) = 2 → 1 + ln 2; tf(b) = 1 → 1.
        let wa = (1 + log(2.0)) * idfA, wb = idfB
        let v = f.transform("a a b")
        #expect(v.nonzeroCount == 2)
        #expect(abs(Double(try #require(value(v, f.vocabulary.column(of: key("a"))))) - wa / hypot(wa, wb)) < 1e-6)
        #expect(abs(Double(try #require(value(v, f.vocabulary.column(of: key("b"))))) - wb / hypot(wa, wb)) < 1e-6)
        // "c c c d": tf(c) = 3 → 1 + ln 3.
        let wc = (1 + log(3.0)) * idfC, wd = idfD
        let u = x.row(2)
        #expect(abs(Double(try #require(value(u, f.vocabulary.column(of: key("c"))))) - wc / hypot(wc, wd)) < 1e-6)
        #expect(abs(Double(try #require(value(u, f.vocabulary.column(of: key("d"))))) - wd / hypot(wc, wd)) < 1e-6)
    }

    @Test func rawTFAndNoIDF() throws {
        let raw = words(sublinear: false)
        let (f, _) = TextFeaturizer.fit(texts, settings: raw, workers: 1)
        let wc = 3 * (log(4.0 / 3.0) + 1), wd = log(2.0) + 1
        let v = f.transform("c c c d")
        #expect(abs(Double(try #require(value(v, f.vocabulary.column(of: key("c"))))) - wc / hypot(wc, wd)) < 1e-6)

        let noIDF = words(idf: false)
        let (g, _) = TextFeaturizer.fit(texts, settings: noIDF, workers: 1)
        #expect(g.idf == [1, 1, 1, 1])
        let w = g.transform("a a b")
        let wa = 1 + log(2.0), wb = 1.0
        #expect(abs(Double(try #require(value(w, g.vocabulary.column(of: key("a"))))) - wa / hypot(wa, wb)) < 1e-6)
    }

    @Test func minimumDocumentFrequencyDropsRareNgrams() {
        let settings = words(minDF: 2)
        let (f, x) = TextFeaturizer.fit(texts, settings: settings, workers: 1)
        #expect(Set(f.vocabulary.keys) == [key("b"), key("c")])
        #expect(x.columnCount == 2)
        #expect(f.vocabulary.column(of: key("a")) == -1)
        // Only b survives in "a a b", so it alone carries the unit norm.
        #expect(f.transform("a a b") == SparseVector(indices: [f.vocabulary.column(of: key("b"))], values: [1]))
    }

    @Test func sameTextSameVectorAndFitRowsMatchTransform() {
        let texts = Fixture.utterances.map(\.text)
        let (f, x) = TextFeaturizer.fit(texts, settings: Fixture.features, workers: 1)
        let (g, y) = TextFeaturizer.fit(texts, settings: Fixture.features, workers: 3)
        #expect(f.vocabulary.keys == g.vocabulary.keys)
        #expect(f.idf == g.idf)
        for i in texts.indices {
            #expect(x.row(i) == f.transform(texts[i]))
            #expect(y.row(i) == x.row(i))
            #expect(f.transform(texts[i]) == f.transform(texts[i]))
        }
        let batch = f.transform(texts, workers: 2)
        #expect(batch.indices == x.indices && batch.values == x.values && batch.rowStarts == x.rowStarts)
    }

    @Test func unseenNgramsAreIgnored() {
        let (f, _) = TextFeaturizer.fit(texts, settings: words(), workers: 1)
        #expect(f.transform("zzz qqq") == SparseVector())
        #expect(f.transform("a zzz") == f.transform("a"))
        #expect(f.transform("") == SparseVector())

        // With char n-grams: "xyz" shares no n-gram with "abc" (padding included).
        let chars = Fixture.features
        let (g, _) = TextFeaturizer.fit(["abc"], settings: chars, workers: 1)
        #expect(g.transform("xyz") == SparseVector())
        #expect(g.transform("abc xyz") == g.transform("abc"))
        #expect(g.transform("abc").nonzeroCount == g.featureCount)
    }

    @Test func minimumDocumentFrequencyPerBlock() {
        // "ab" is in both texts, "cd" only in one. Word n-grams need df ≥ 1, char n-grams df ≥ 2:
        // words "ab", "cd", "ab cd" (3) + the 5 char n-grams of " ab " (2-grams " a" "ab" "b ",
        // 3-grams " ab" "ab "); those of " cd " are dropped.
        var settings = Fixture.features
        settings.hasher = NgramHasher(wordNgrams: 1...2, charNgrams: 2...3)
        settings.minCharDocumentFrequency = 2
        let (f, _) = TextFeaturizer.fit(["ab", "ab cd"], settings: settings, workers: 1)
        #expect(f.featureCount == 8)
        #expect(f.vocabulary.keys.filter { NgramHasher.block(of: $0) == .char }.count == 5)
        #expect(Set(f.vocabulary.keys) == Set(keys("ab cd", settings.hasher)).subtracting(keys("cd", NgramHasher(wordNgrams: 0...0, charNgrams: 2...3))))
    }

    /// Squared L2 norms of the word and char blocks of `v`.
    func blockNorms(_ v: SparseVector, _ f: TextFeaturizer) -> (word: Float, char: Float) {
        var word: Float = 0, char: Float = 0
        for (c, x) in zip(v.indices, v.values) {
            if NgramHasher.block(of: f.vocabulary.keys[Int(c)]) == .char { char += x * x } else { word += x * x }
        }
        return (word.squareRoot(), char.squareRoot())
    }

    @Test func wordOnlyVectorsHaveUnitNorm() {
        let (f, x) = TextFeaturizer.fit(Fixture.utterances.map(\.text), settings: words(), workers: 1)
        var rows = (0..<x.rowCount).map { x.row($0) }
        rows += ["my balance please", "card", "what's the weather in paris", "XYZ balance 123"].map(f.transform)
        for v in rows {
            let norm = v.values.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
            #expect(v.indices == v.indices.sorted() && Set(v.indices).count == v.indices.count)
        }
    }

    @Test(arguments: [(Float(1), Float(1)), (2, 1), (1, 0.5), (2, 3)])
    func blockWeightsSetEachBlocksNorm(wordWeight: Float, charWeight: Float) {
        // Documented: each block is L2-normalised on its own, then scaled by its weight,
        // so ‖word block‖ = wordBlockWeight and ‖char block‖ = charBlockWeight.
        var settings = Fixture.features
        settings.wordBlockWeight = wordWeight
        settings.charBlockWeight = charWeight
        let (f, x) = TextFeaturizer.fit(Fixture.utterances.map(\.text), settings: settings, workers: 1)
        var rows = (0..<x.rowCount).map { x.row($0) }
        rows += ["what is my balance", "I lost my card today", "transfer money"].map(f.transform)
        for v in rows {
            let (word, char) = blockNorms(v, f)
            #expect(abs(word - wordWeight) < 1e-5 * wordWeight)
            #expect(abs(char - charWeight) < 1e-5 * charWeight)
        }
        // A text whose words are all unseen still has char n-grams: only that block, at its weight.
        let charsOnly = f.transform("balancee")
        #expect(blockNorms(charsOnly, f).word == 0)
        #expect(abs(blockNorms(charsOnly, f).char - charWeight) < 1e-5 * charWeight)
    }
}

@Suite struct VocabularyTests {
    @Test func randomKeysWithLowBitCollisions() throws {
        var rng = SeededGenerator(seed: 7)
        var set = Set<UInt64>()
        var list: [UInt64] = []
        while list.count < 100_000 {
            // Lowest bit cleared as for word keys: only even start slots, many shared ones.
            let k = rng.next() & ~1
            if k != 0, set.insert(k).inserted { list.append(k) }
        }
        let vocabulary = Vocabulary(keys: list)
        #expect(vocabulary.count == list.count)
        // The test is only meaningful if many keys share their start slot (2^18 slots here).
        let startSlots = Set(list.map { $0 & (1 << 18 - 1) })
        try #require(list.count - startSlots.count > 10_000)
        for (column, key) in list.enumerated() {
            if vocabulary.column(of: key) != Int32(column) {
                Issue.record("key \(key) → \(vocabulary.column(of: key)), expected \(column)")
                break
            }
        }
        var unknownHits = 0
        for _ in 0..<100_000 {
            let k = rng.next() | 1  // odd keys are never in the list
            if vocabulary.column(of: k) != -1 { unknownHits += 1 }
        }
        #expect(unknownHits == 0)
    }

    @Test func keysThatShareAllLowBitsAndWrapAround() {
        // 3000 keys identical in their low 32 bits (one probe chain), starting in the
        // table's last slot so the chain wraps past the end.
        let list = (1...3000).map { (UInt64($0) << 32) | 0xFFFF_FFFF }
        let vocabulary = Vocabulary(keys: list)
        for (column, key) in list.enumerated() {
            #expect(vocabulary.column(of: key) == Int32(column))
        }
        #expect(vocabulary.column(of: (UInt64(3001) << 32) | 0xFFFF_FFFF) == -1)
        #expect(vocabulary.column(of: 0xFFFF_FFFF) == -1)
    }

    @Test func emptyAndSmallVocabularies() {
        let empty = Vocabulary(keys: [])
        #expect(empty.count == 0)
        #expect(empty.column(of: 12345) == -1)
        let small = Vocabulary(keys: [10, 26, 42])  // 10, 26 and 42 share their low 4 bits
        #expect(small.column(of: 10) == 0)
        #expect(small.column(of: 26) == 1)
        #expect(small.column(of: 42) == 2)
        #expect(small.column(of: 58) == -1)
        #expect(small.keys == [10, 26, 42])
    }
}
