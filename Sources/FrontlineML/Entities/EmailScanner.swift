/// E-mail addresses: an ASCII local part ("john.doe+tag"), "@", and a domain of at
/// least two labels ending in a top-level domain of two or more letters. Trailing
/// dots and hyphens are left out ("mail me at a@b.com."). The value is lower-cased:
/// mailbox names are case-insensitive in practice and records are matched on it.
extension EntityScan {
    mutating func scanEmails() {
        let s = scalars
        var at = 0
        while at < s.count {
            defer { at += 1 }
            guard s[at] == "@", at > 0 else { continue }
            var start = at
            while start > 0 && Self.isLocalPart(s[start - 1]) { start -= 1 }
            while start < at && s[start] == "." { start += 1 }
            guard start < at, s[at - 1] != "." else { continue }

            var end = at + 1
            while end < s.count && Self.isHostPart(s[end]) { end += 1 }
            while end > at + 1 && (s[end - 1] == "." || s[end - 1] == "-") { end -= 1 }
            guard Self.isValidHost(s, at + 1, end, requireAlphaTLD: true) else { continue }

            var value = String.UnicodeScalarView()
            for c in s[start..<end] { value.append(Self.lowercased(c)) }
            candidates.append(EntityCandidate(kind: .email, start: start, end: end, payload: .text(String(value))))
            at = end - 1
        }
    }

    static func isLocalPart(_ c: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(c) || c == "." || c == "_" || c == "%" || c == "+" || c == "-"
    }

    static func isHostPart(_ c: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(c) || c == "." || c == "-"
    }

    static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A)
    }

    static func lowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let v = c.value
        return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : c
    }

    /// Labels of 1–63 letters, digits and inner hyphens, at least two of them, the
    /// last (the TLD) letters only when `requireAlphaTLD`.
    static func isValidHost(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, requireAlphaTLD: Bool) -> Bool {
        guard start < end else { return false }
        var labels = 0
        var labelStart = start
        var i = start
        while i <= end {
            if i == end || s[i] == "." {
                let length = i - labelStart
                guard length >= 1, length <= 63, s[labelStart] != "-", s[i - 1] != "-" else { return false }
                labels += 1
                if i == end && requireAlphaTLD {
                    guard length >= 2 else { return false }
                    for c in s[labelStart..<i] where !((c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A) {
                        return false
                    }
                }
                labelStart = i + 1
            }
            i += 1
        }
        return labels >= 2
    }
}
