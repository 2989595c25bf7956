import FrontlineML

/// FNV-1a over UTF-8 (see `FNV1a`). Swift's `Hasher` is seeded per process, so it can't
/// pick response variants that stay the same across restarts and test runs.
enum StableHash {
    static func of(_ parts: String...) -> UInt64 {
        var hash = FNV1a()
        for part in parts {
            hash.feed(part)
            hash.feed(0xff)  // separator, so ("ab","c") and ("a","bc") differ
        }
        return hash.value
    }
}
