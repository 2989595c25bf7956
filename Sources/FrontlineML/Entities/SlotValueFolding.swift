/// Text folded for slot-value matching: words as runs of lower-cased,
/// diacritic-free letters and ASCII digits, concatenated without separators so
/// that "iPhone 15 Pro", "iphone-15-pro" and "iphone15pro" read the same.
///
/// Unlike `Tokenizer`, digits are kept: "iphone 15" and "iphone 14" are different products.
struct FoldedText {
    /// The folded scalars of every word, back to back.
    var units: [UInt32] = []
    /// Per word: where it starts in `units` (a last entry holds `units.count`).
    var wordStart: [Int] = []
    /// Per word: half-open Unicode-scalar offsets in the original text.
    var scalarStart: [Int] = []
    var scalarEnd: [Int] = []
    /// Per unit: the index of its word.
    var wordOfUnit: [Int] = []

    var wordCount: Int { scalarStart.count }

    init(_ text: String) {
        units.reserveCapacity(text.utf8.count)
        var index = 0
        var inWord = false
        var pendingApostrophe = false
        let scalars = text.unicodeScalars
        for scalar in scalars {
            defer { index += 1 }
            let v = scalar.value
            // One folded unit on the ASCII path; several only for some non-ASCII letters.
            var single: UInt32 = 0
            var many: [Unicode.Scalar] = []
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A {
                    single = v + 0x20
                } else if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    single = v
                } else if v == 0x27 && inWord {
                    pendingApostrophe = true  // joins only if a letter follows ("don't")
                    continue
                }
            } else if let digit = EntityLexer.digitValue(scalar) {
                single = UInt32(0x30 + digit)
            } else if scalar == "\u{2019}" && inWord {
                pendingApostrophe = true
                continue
            } else if scalar.properties.generalCategory == .nonspacingMark {
                if inWord && !pendingApostrophe { scalarEnd[scalarEnd.count - 1] = index + 1 }
                continue
            } else if scalar.properties.isAlphabetic {
                many = Tokenizer.fold(scalar)
                if many.count == 1 {
                    single = many[0].value
                    many = []
                }
            }
            if single == 0 && many.isEmpty {
                inWord = false
                pendingApostrophe = false
                continue
            }
            if !inWord || (pendingApostrophe && !EntityLexer.isLetter(scalar)) {
                wordStart.append(units.count)
                scalarStart.append(index)
                scalarEnd.append(index + 1)
                inWord = true
            }
            pendingApostrophe = false
            if single != 0 {
                units.append(single)
                wordOfUnit.append(wordCount - 1)
            }
            for f in many {
                units.append(f.value)
                wordOfUnit.append(wordCount - 1)
            }
            scalarEnd[scalarEnd.count - 1] = index + 1
        }
        wordStart.append(units.count)
    }

    /// Number of units in the word that unit `p` belongs to.
    func wordLength(at p: Int) -> Int {
        let w = wordOfUnit[p]
        return wordStart[w + 1] - wordStart[w]
    }
}

extension FoldedText {
    /// Units are letters or ASCII digits; typos may only touch letters.
    static func isLetter(_ unit: UInt32) -> Bool {
        !(unit >= 0x30 && unit <= 0x39)
    }
}
