/// Phone numbers: "+44 20 7946 0958", "+1 (555) 123-4567", "(555) 123-4567",
/// "555-123-4567", "555.123.4567", "07700 900123", "+44 (0)20 7946 0958",
/// "0044 20 7946 0958" (the "00" international prefix becomes "+").
///
/// Groups of digits joined by single spaces, "-", "." or parentheses. Accepted:
/// with a leading "+", 8–15 digits (E.164); otherwise 10–11 digits in at most six
/// groups, or a seven-digit "555-1234". A group glued to letters or continuing as
/// a time, decimal or date ("10:30") ends the number before it, so order numbers
/// ("A-12345"), years, dates and short numbers are not phones. The value is the
/// digits, with the "+" kept.
extension EntityScan {
    mutating func scanPhones() {
        var i = 0
        while i < count {
            if let end = scanPhone(at: i) {
                i = end
            } else {
                i += 1
            }
        }
    }

    /// The token after the phone number starting at `i`, once added.
    private mutating func scanPhone(at i: Int) -> Int? {
        let t = tokens
        var j = i
        var plus = false
        if isSymbol(j, "+") {
            guard adjacent(j, j + 1), isDigits(j + 1) else { return nil }
            if adjacent(j - 1, j) && t[j - 1].kind != .symbol { return nil }
            plus = true
            j += 1
        } else if isSymbol(j, "(") {
            guard adjacent(j, j + 1), isDigits(j + 1) else { return nil }
            if adjacent(j - 1, j) && t[j - 1].kind != .symbol { return nil }
        } else {
            guard isDigits(j), startsCleanly(j) else { return nil }
            if adjacent(j - 1, j) && (t[j - 1].kind != .symbol || isSymbol(j - 1, "$") || isSymbol(j - 1, "#")) {
                return nil
            }
        }

        var digits = plus ? "+" : ""
        var digitCount = 0
        var groups: [Int] = []
        var dashes = 0
        var end = j  // token after the last accepted group
        while j < count {
            // One group: digits, or digits in parentheses.
            let groupEnd: Int
            var groupDigits: String
            if isSymbol(j, "(") {
                guard isDigits(j + 1), adjacent(j, j + 1), isSymbol(j + 2, ")"), adjacent(j + 1, j + 2) else { break }
                groupDigits = t[j + 1].text
                groupEnd = j + 3
                // "+44 (0)20": the trunk prefix is not dialled from abroad.
                if plus && groupDigits == "0" { groupDigits = "" }
            } else if isDigits(j) {
                groupDigits = t[j].text
                groupEnd = j + 1
            } else {
                break
            }
            // A group glued to letters, or going on as "10:30", "3.5", "5/3", is not part of a phone.
            let last = groupEnd - 1
            if gluedWord(after: last) { break }
            if adjacent(last, last + 1), adjacent(last + 1, last + 2), isDigits(last + 2),
                isSymbol(last + 1, ":") || isSymbol(last + 1, "/") || isSymbol(last + 1, ",")
            {
                break
            }
            digits += groupDigits
            digitCount += groupDigits.utf8.count
            if !groupDigits.isEmpty { groups.append(groupDigits.utf8.count) }
            end = groupEnd
            j = groupEnd
            guard digitCount <= 17 else { return nil }  // 15 after an international "00"
            // A separator, then the next group.
            if (isSymbol(j, "-") || isSymbol(j, ".")) && adjacent(j - 1, j) && adjacent(j, j + 1)
                && (isDigits(j + 1) || isSymbol(j + 1, "("))
            {
                if isSymbol(j, "-") { dashes += 1 }
                j += 1
            } else if j < count && t[j].start - t[j - 1].end == 1 && t[j - 1].end < scalars.count
                && scalars[t[j - 1].end] == " " && (isDigits(j) || isSymbol(j, "("))
            {
                // One space, then the next group.
            } else if adjacent(j - 1, j) && (isSymbol(j, "(") || (isSymbol(j - 1, ")") && isDigits(j))) {
                // "+44(0)20", "(555)123-4567": no separator next to parentheses.
                continue
            } else {
                break
            }
        }
        guard !groups.isEmpty, groups.count <= 6 else { return nil }
        let accepted: Bool
        if !plus && digits.hasPrefix("00") && groups[0] <= 5 {
            // "0044 20 7946 0958": the international prefix, same as "+".
            digits = "+" + digits.dropFirst(2)
            accepted = (8...15).contains(digitCount - 2)
        } else if plus {
            accepted = (8...15).contains(digitCount)
        } else if digitCount == 7 {
            accepted = groups == [3, 4] && dashes == 1
        } else {
            accepted = (10...11).contains(digitCount) && groups.dropFirst().allSatisfy { $0 >= 2 }
        }
        guard accepted else { return nil }
        add(.phone, tokens: i, end, .text(digits))
        return end
    }
}
