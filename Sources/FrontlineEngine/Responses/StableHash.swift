/// FNV-1a over UTF-8. Swift's `Hasher` is seeded per process, so it can't pick response
/// variants that stay the same across restarts and test runs.
enum StableHash {
    static func of(_ parts: String...) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0xff  // separator, so ("ab","c") and ("a","bc") differ
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
