/// A number read from tokens `first..<next`.
struct ParsedNumber {
    var amount: DecimalAmount
    var next: Int
    var isWords: Bool
}

extension EntityScan {
    /// A number in digits or words starting at token `i`, or nil: "12", "1.5 million",
    /// "twenty one", "three point five", "one and a half", "2 and a quarter", "a half",
    /// "three quarters".
    func parseNumber(at i: Int) -> ParsedNumber? {
        if isDigits(i) {
            guard startsCleanly(i), var n = parseDigits(at: i) else { return nil }
            // "2 thousand", "1.5 million".
            if !gluedWord(after: n.next - 1) {
                let scale = info(n.next).scale
                if scale > 0 {
                    n.amount = n.amount.scaled(byPowerOfTen: scale == 100 ? 2 : scale == 1000 ? 3 : 6)
                    n.next += 1
                } else if n.amount.fraction.isEmpty, let (fraction, next) = fractionTail(at: n.next) {
                    n.amount = DecimalAmount(integer: n.amount.integer, fraction: fraction)
                    n.next = next
                }
            }
            return n
        }
        if let (fraction, next) = fractionAlone(at: i) {
            return ParsedNumber(amount: DecimalAmount(integer: "0", fraction: fraction), next: next, isWords: true)
        }
        guard let (value, next) = parseNumberWords(at: i) else { return nil }
        if let (fraction, end) = fractionTail(at: next) ?? pointDigits(at: next) {
            return ParsedNumber(
                amount: DecimalAmount(integer: String(value), fraction: fraction), next: end, isWords: true)
        }
        return ParsedNumber(amount: DecimalAmount(value), next: next, isWords: true)
    }

    /// "and a half", "and a quarter", "and three quarters" after a whole number: the
    /// decimal digits and the token after.
    private func fractionTail(at j: Int) -> (String, Int)? {
        guard keyword(j) == .and else { return nil }
        return fractionAlone(at: j + 1)
    }

    /// "a half", "one half", "a quarter", "one quarter", "three quarters".
    private func fractionAlone(at i: Int) -> (String, Int)? {
        let one = keyword(i) == .a || keyword(i) == .an || (isWord(i) && info(i).cardinal == 1)
        if one && keyword(i + 1) == .half { return ("5", i + 2) }
        if one && keyword(i + 1) == .quarter { return ("25", i + 2) }
        if isWord(i) && info(i).cardinal == 3 && isWord(i + 1) && tokens[i + 1].text == "quarters" { return ("75", i + 2) }
        return nil
    }

    /// "point five", "point seven five": decimal digits in words.
    private func pointDigits(at j: Int) -> (String, Int)? {
        guard keyword(j) == .point else { return nil }
        var digits = ""
        var k = j + 1
        while isWord(k), (0...9).contains(info(k).cardinal) {
            digits.append(Character(String(info(k).cardinal)))
            k += 1
        }
        return digits.isEmpty ? nil : (digits, k)
    }

    /// A price written with a decimal comma: "12,50", "1.299,00" (dots between thousands).
    /// Only money reads these: a bare "3,5" stays unclear.
    func parseDecimalCommaDigits(at i: Int) -> ParsedNumber? {
        guard isDigits(i) else { return nil }
        var integer = tokens[i].text
        var j = i + 1
        if integer.utf8.count <= 3 {
            while isSymbol(j, "."), adjacent(j - 1, j), adjacent(j, j + 1), isDigits(j + 1),
                tokens[j + 1].text.utf8.count == 3
            {
                integer += tokens[j + 1].text
                j += 2
            }
        }
        guard isSymbol(j, ","), adjacent(j - 1, j), adjacent(j, j + 1), isDigits(j + 1),
            (1...2).contains(tokens[j + 1].text.utf8.count)
        else { return nil }
        let fraction = tokens[j + 1].text
        j += 2
        if (isSymbol(j, ".") || isSymbol(j, ",")) && adjacent(j - 1, j) && adjacent(j, j + 1) && isDigits(j + 1) {
            return nil
        }
        return ParsedNumber(amount: DecimalAmount(integer: integer, fraction: fraction), next: j, isWords: false)
    }

    /// "12", "1,200", "3.5", "1,200.50" at token `i` (which must be digits). Refuses
    /// what only looks like a number: "1.2.3", "10.0.0.1", "3,5".
    func parseDigits(at i: Int) -> ParsedNumber? {
        guard isDigits(i) else { return nil }
        var integer = tokens[i].text
        var j = i + 1
        if integer.utf8.count <= 3 {
            while isSymbol(j, ","), adjacent(j - 1, j), adjacent(j, j + 1), isDigits(j + 1),
                tokens[j + 1].text.utf8.count == 3
            {
                integer += tokens[j + 1].text
                j += 2
            }
        }
        var fraction = ""
        if isSymbol(j, "."), adjacent(j - 1, j), adjacent(j, j + 1), isDigits(j + 1) {
            fraction = tokens[j + 1].text
            j += 2
        }
        if (isSymbol(j, ".") || isSymbol(j, ",")) && adjacent(j - 1, j) && adjacent(j, j + 1)
            && isDigits(j + 1)
        {
            return nil
        }
        return ParsedNumber(amount: DecimalAmount(integer: integer, fraction: fraction), next: j, isWords: false)
    }

    /// A whole number in words: "twenty one", "twenty-one", "three hundred and five",
    /// "two thousand four hundred", "a hundred", "a dozen". Scales must decrease
    /// ("thousand thousand" stops after the first).
    func parseNumberWords(at i: Int) -> (value: Int, next: Int)? {
        if (keyword(i) == .a || keyword(i) == .an) && keyword(i + 1) == .dozen { return (12, i + 2) }
        var total = 0
        var j = i
        var lastScale = Int.max
        var found = false
        while true {
            var group: (Int, Int)?
            if (keyword(j) == .a || keyword(j) == .an) && info(j + 1).scale >= 1000 {
                group = (1, j + 1)
            } else {
                group = parseBelowThousand(at: j)
            }
            guard let (g, k) = group else { break }
            let scale = Int(info(k).scale)
            if scale >= 1000 && scale < lastScale {
                total += g * scale
                lastScale = scale
                j = k + 1
                found = true
                if keyword(j) == .and, parseBelowThousand(at: j + 1) != nil { j += 1 }
                continue
            }
            total += g
            j = k
            found = true
            break
        }
        guard found else { return nil }
        if lastScale == Int.max, keyword(j) == .dozen { return (total * 12, j + 1) }
        return (total, j)
    }

    /// 0–999 in words; "a hundred", "twelve hundred" (1 200) too.
    func parseBelowThousand(at i: Int) -> (Int, Int)? {
        let lead: (Int, Int)?
        if (keyword(i) == .a || keyword(i) == .an) && info(i + 1).scale == 100 {
            lead = (1, i + 1)
        } else {
            lead = parseBelowHundred(at: i)
        }
        guard let (v, j) = lead else { return nil }
        guard info(j).scale == 100, v >= 1 else { return (v, j) }
        let hundreds = v * 100
        let k = j + 1
        if keyword(k) == .and, let (r, e) = parseBelowHundred(at: k + 1), r > 0 {
            return (hundreds + r, e)
        }
        if let (r, e) = parseBelowHundred(at: k), r > 0 { return (hundreds + r, e) }
        return (hundreds, k)
    }

    /// 0–99 in words: "seven", "fifteen", "forty", "forty two", "forty-two".
    func parseBelowHundred(at i: Int) -> (Int, Int)? {
        guard isWord(i) else { return nil }
        let c = Int(tokens[i].info.cardinal)
        guard c >= 0 else { return nil }
        if c < 20 { return (c, i + 1) }
        let j = i + 1
        if isSymbol(j, "-"), adjacent(i, j), adjacent(j, j + 1), (1...9).contains(info(j + 1).cardinal) {
            return (c + Int(info(j + 1).cardinal), j + 2)
        }
        if isWord(j), (1...9).contains(info(j).cardinal) { return (c + Int(info(j).cardinal), j + 1) }
        return (c, j)
    }

    /// An ordinal at token `i`: "2nd", "21st", "third", "twenty-first",
    /// "one hundred and first", "hundredth". The suffix of a digit ordinal is not
    /// checked against the number ("2th" is read as 2nd): customers mistype it.
    func parseOrdinal(at i: Int) -> (value: Int, next: Int)? {
        if isDigits(i) {
            guard startsCleanly(i), adjacent(i, i + 1), keyword(i + 1) == .ordinalSuffix,
                tokens[i].value > 0, !adjacent(i + 1, i + 2) || !isDigits(i + 2)
            else { return nil }
            return (tokens[i].value, i + 2)
        }
        guard isWord(i) else { return nil }
        if let (prefix, j) = parseNumberWords(at: i) {
            var k = j
            if keyword(k) == .and {
                k += 1
            } else if isSymbol(k, "-"), adjacent(k - 1, k), adjacent(k, k + 1) {
                k += 1
            }
            let o = Int(info(k).ordinal)
            if o > 0 {
                let rest = prefix % 100
                let fits = o < 10 ? (rest == 0 || (rest >= 20 && rest % 10 == 0)) : rest == 0
                if fits && prefix > 0 { return (prefix + o, k + 1) }
            }
            let s = Int(info(j).ordinalScale)
            if s > 0, prefix > 0, prefix < 1000 { return (prefix * s, j + 1) }
        }
        let word = tokens[i].info
        if word.ordinal > 0 { return (Int(word.ordinal), i + 1) }
        if word.ordinalScale > 0 { return (Int(word.ordinalScale), i + 1) }
        return nil
    }
}
