extension EntityScan {
    /// Numbers, ordinals, percentages and money.
    mutating func scanNumeric() {
        for i in 0..<count {
            let token = tokens[i]
            switch token.kind {
            case .symbol:
                if let currency = currency(ofSymbol: token.symbol) { scanMoney(afterPrefix: i, currency) }
            case .word:
                let info = token.info
                if info.currencyIsCode, let code = info.currency { scanMoney(afterPrefix: i, code) }
                if info.cardinal >= 0 || info.keyword == .a || info.keyword == .an {
                    scanAmount(at: i)
                }
                if info.ordinal > 0 || info.ordinalScale > 0 || info.cardinal > 0 { scanOrdinal(at: i) }
            case .digits:
                scanAmount(at: i)
                scanOrdinal(at: i)
            }
        }
    }

    /// "$12.50", "€ 30", "USD 12.50", "EUR30".
    private mutating func scanMoney(afterPrefix i: Int, _ currency: String) {
        let j = i + 1
        guard near(i, j), isDigits(j) else { return }
        if tokens[i].kind == .word {
            // A code before the amount must itself stand alone ("XUSD 5" is not money).
            guard !adjacent(i - 1, i) || tokens[i - 1].kind == .symbol else { return }
        } else if !startsCleanly(i) {
            return
        }
        guard let n = parseDecimalCommaDigits(at: j) ?? parseDigits(at: j), !gluedWord(after: n.next - 1) else {
            return
        }
        add(.money, tokens: i, n.next, .money(n.amount, currency: resolved(currency)))
    }

    /// "12,50 €", "1.299,00 euros", "12,50eur": a decimal comma, read only next to a currency.
    private mutating func scanDecimalCommaMoney(at i: Int) {
        guard startsCleanly(i), let n = parseDecimalCommaDigits(at: i) else { return }
        let j = n.next
        if near(j - 1, j), tokens[j].kind == .symbol, let currency = currency(ofSymbol: tokens[j].symbol) {
            add(.money, tokens: i, j + 1, .money(n.amount, currency: resolved(currency)))
        } else if isWord(j), near(j - 1, j), let currency = info(j).currency {
            add(.money, tokens: i, j + 1, .money(n.amount, currency: resolved(currency)))
        }
    }

    /// "twelve euros fifty", "12 dollars and 50 cents": the amount after the currency word is
    /// cents when a cents word follows, or, without "and", when nothing else does.
    private func cents(after j: Int) -> (String, Int)? {
        let k = keyword(j) == .and ? j + 1 : j
        guard let c = parseNumber(at: k), let v = c.amount.intValue, (0...99).contains(v) else { return nil }
        if !c.isWords && tokens[k].text.utf8.count != 2 && keyword(c.next) != .cents { return nil }
        if keyword(c.next) == .cents { return (v < 10 ? "0\(v)" : String(v), c.next + 1) }
        guard k == j, endsPhrase(c.next) else { return nil }
        return (v < 10 ? "0\(v)" : String(v), c.next)
    }

    /// A number at token `i` and what follows it: "%", "percent", "per cent", a
    /// currency ("12.50 USD", "30€", "twenty dollars").
    private mutating func scanAmount(at i: Int) {
        // "version 4.2" is a label, not an amount.
        if keyword(i - 1) == .version { return }
        if isDigits(i) { scanDecimalCommaMoney(at: i) }
        guard let n = parseNumber(at: i) else { return }
        let j = n.next
        let glued = !n.isWords && gluedWord(after: j - 1)
        if isSymbol(j, "%") && near(j - 1, j) {
            add(.percentage, tokens: i, j + 1, .amount(n.amount))
        } else if keyword(j) == .percent {
            add(.percentage, tokens: i, j + 1, .amount(n.amount))
        } else if keyword(j) == .per && keyword(j + 1) == .cent {
            add(.percentage, tokens: i, j + 2, .amount(n.amount))
        } else if !n.isWords, near(j - 1, j), tokens[j].kind == .symbol,
            let currency = currency(ofSymbol: tokens[j].symbol)
        {
            add(.money, tokens: i, j + 1, .money(n.amount, currency: resolved(currency)))
        } else if let currency = info(j).currency, isWord(j) {
            add(.money, tokens: i, j + 1, .money(n.amount, currency: resolved(currency)))
            if n.amount.fraction.isEmpty, let (cents, end) = cents(after: j + 1) {
                let amount = DecimalAmount(integer: n.amount.integer, fraction: cents)
                add(.money, tokens: i, end, .money(amount, currency: resolved(currency)))
            }
        } else if keyword(j) == .cents, isWord(j), let v = n.amount.intValue, v < 100, n.amount.fraction.isEmpty {
            // "fifty cents", "20 pence".
            let currency = tokens[j].text == "pence" ? "GBP" : settings.dollarCurrency
            add(.money, tokens: i, j + 1, .money(DecimalAmount(integer: "0", fraction: v < 10 ? "0\(v)" : String(v)), currency: currency))
        }
        // Digits glued to letters are a code or a unit ("7b", "5pm"), not a number.
        if !glued { add(.number, tokens: i, j, .amount(n.amount)) }
    }

    /// "2nd", "third", "twenty-first". "second" after "a", "one", "per", "each",
    /// "every", "split" or a digit is the unit of time ("wait a second").
    private mutating func scanOrdinal(at i: Int) {
        guard let (value, next) = parseOrdinal(at: i) else { return }
        if next == i + 1 && tokens[i].text == "second" {
            let before = i - 1
            if isDigits(before) || info(before).cardinal == 1 { return }
            switch keyword(before) {
            case .a, .per, .each, .every, .split: return
            default: break
            }
        }
        add(.ordinal, tokens: i, next, .ordinal(value))
    }

    private func currency(ofSymbol s: Unicode.Scalar) -> String? {
        switch s {
        case "$": return "$"
        case "€": return "EUR"
        case "£": return "GBP"
        case "¥": return "JPY"
        case "₹": return "INR"
        default: return nil
        }
    }

    private func resolved(_ currency: String) -> String {
        currency == "$" ? settings.dollarCurrency : currency
    }
}
