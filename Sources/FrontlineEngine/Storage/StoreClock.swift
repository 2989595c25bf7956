import Foundation

/// Where the stores get "now". Times are kept to the millisecond, the precision the
/// SQLite schema stores, so that a value read back equals the value returned on write
/// whichever store produced it.
public struct StoreClock: Sendable {
    private let source: @Sendable () -> Date

    public init(_ source: @escaping @Sendable () -> Date) {
        self.source = source
    }

    public static let system = StoreClock { Date() }

    /// The current time rounded to the millisecond.
    public func now() -> Date {
        StoreClock.rounded(source())
    }

    /// Milliseconds since 1970, the stored form of a time.
    public static func milliseconds(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        // Dates beyond ±292 million years do not fit; clamp rather than trap.
        guard ms.isFinite else { return 0 }
        return Int64(max(min(ms, 9.2e18), -9.2e18))
    }

    public static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    public static func rounded(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }
}
