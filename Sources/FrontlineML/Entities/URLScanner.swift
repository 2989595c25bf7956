/// Web addresses: "http://…" and "https://…", "www.…", and bare "domain.tld/path"
/// when the top-level domain is a common one (so "e.g." or "file.txt" are not URLs).
/// Trailing sentence punctuation and unbalanced closing brackets are left out. The
/// value has a lower-cased scheme and host, with "https://" added when missing.
extension EntityScan {
    /// Top-level domains a bare "name.tld" is taken as a URL for. Words like "it",
    /// "in", "me" or "no" are left out: "done.No" is a missing space, not a site.
    static let commonTLDs: Set<String> = [
        "com", "org", "net", "io", "co", "uk", "de", "fr", "es", "nl", "eu", "ca", "au", "ch",
        "info", "biz", "app", "dev", "shop", "store", "online", "ai", "edu", "gov", "tv", "ly",
    ]

    mutating func scanURLs() {
        let s = scalars
        var i = 0
        while i < s.count {
            guard Self.isASCIIAlphanumeric(s[i]), i == 0 || !Self.continuesURLWord(s[i - 1]) else {
                i += 1
                continue
            }
            if let (end, value) = schemeURL(at: i) ?? hostURL(at: i) {
                candidates.append(EntityCandidate(kind: .url, start: i, end: end, payload: .text(value)))
                i = end
            } else {
                i += 1
            }
        }
    }

    /// Characters that glue a preceding word to a would-be URL ("a@acme.com", "x.acme.com").
    private static func continuesURLWord(_ c: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(c) || c == "." || c == "-" || c == "_" || c == "@" || c == "/" || c == ":"
            || EntityLexer.isLetter(c)
    }

    private func schemeURL(at i: Int) -> (Int, String)? {
        let s = scalars
        var k = i
        for c in "http".unicodeScalars {
            guard k < s.count, Self.lowercased(s[k]) == c else { return nil }
            k += 1
        }
        if k < s.count && Self.lowercased(s[k]) == "s" { k += 1 }
        guard k + 3 < s.count, s[k] == ":", s[k + 1] == "/", s[k + 2] == "/", Self.isASCIIAlphanumeric(s[k + 3])
        else { return nil }
        let hostStart = k + 3
        var hostEnd = hostStart
        while hostEnd < s.count && Self.isHostPart(s[hostEnd]) { hostEnd += 1 }
        while hostEnd > hostStart && (s[hostEnd - 1] == "." || s[hostEnd - 1] == "-") { hostEnd -= 1 }
        // A port ("localhost:8080") belongs to the host part.
        if hostEnd + 1 < s.count, s[hostEnd] == ":", EntityLexer.digitValue(s[hostEnd + 1]) != nil {
            hostEnd += 1
            while hostEnd < s.count && EntityLexer.digitValue(s[hostEnd]) != nil { hostEnd += 1 }
        }
        let end = pathEnd(from: hostEnd)
        guard end > hostStart else { return nil }
        return (end, value(scheme: i, hostStart: hostStart, hostEnd: min(hostEnd, end), end: end))
    }

    private func hostURL(at i: Int) -> (Int, String)? {
        let s = scalars
        var hostEnd = i
        while hostEnd < s.count && Self.isHostPart(s[hostEnd]) { hostEnd += 1 }
        while hostEnd > i && (s[hostEnd - 1] == "." || s[hostEnd - 1] == "-") { hostEnd -= 1 }
        guard Self.isValidHost(s, i, hostEnd, requireAlphaTLD: true) else { return nil }
        // "me.acme.com@" is the start of an e-mail address.
        if hostEnd < s.count && (s[hostEnd] == "@" || s[hostEnd] == "_") { return nil }
        var www = hostEnd - i > 4
        for (offset, c) in "www.".unicodeScalars.enumerated() where www {
            www = Self.lowercased(s[i + offset]) == c
        }
        if !www {
            var tldStart = hostEnd
            while tldStart > i && s[tldStart - 1] != "." { tldStart -= 1 }
            var tld = String.UnicodeScalarView()
            for c in s[tldStart..<hostEnd] { tld.append(Self.lowercased(c)) }
            guard Self.commonTLDs.contains(String(tld)) else { return nil }
        }
        let end =
            hostEnd < s.count && (s[hostEnd] == "/" || s[hostEnd] == "?" || s[hostEnd] == "#")
            ? pathEnd(from: hostEnd) : hostEnd
        return (end, "https://" + value(scheme: i, hostStart: i, hostEnd: hostEnd, end: end))
    }

    /// The end of a URL's path from `start`: up to white space or a character URLs
    /// cannot contain, minus trailing punctuation and unbalanced closing brackets.
    private func pathEnd(from start: Int) -> Int {
        let s = scalars
        var end = start
        while end < s.count {
            let c = s[end]
            if EntityLexer.isSpace(c) || c == "<" || c == ">" || c == "\"" || c == "`" || c == "{" || c == "}"
                || c == "|" || c == "\\" || c == "^"
            {
                break
            }
            end += 1
        }
        while end > start {
            let c = s[end - 1]
            switch c {
            case ".", ",", ";", ":", "!", "?", "'", "\u{2019}", "\u{201D}", "*":
                end -= 1
                continue
            case ")", "]":
                let open: Unicode.Scalar = c == ")" ? "(" : "["
                var balance = 0
                for x in s[start..<end] {
                    if x == open { balance += 1 } else if x == c { balance -= 1 }
                }
                if balance < 0 {
                    end -= 1
                    continue
                }
            default:
                break
            }
            break
        }
        return end
    }

    /// Scheme and host lower-cased, the rest as written.
    private func value(scheme: Int, hostStart: Int, hostEnd: Int, end: Int) -> String {
        var v = String.UnicodeScalarView()
        for c in scalars[scheme..<hostEnd] { v.append(Self.lowercased(c)) }
        v.append(contentsOf: scalars[hostEnd..<end])
        return String(v)
    }
}
