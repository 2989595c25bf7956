import Foundation

/// How long a domain's pattern entities may search one message, all patterns together.
///
/// `PatternSafety` refuses the patterns that take exponential time; this bounds the rest
/// (a polynomial pattern such as `\d+\d+x` on a 4,000-digit message). When the budget is
/// spent the search stops and the matches found so far are kept: the turn goes on
/// without the rest of the pattern entities rather than stalling.
public struct PatternBudget: Sendable {
    /// The budget per message.
    public var nanoseconds: UInt64
    /// The clock, in nanoseconds; injected by tests.
    public let now: @Sendable () -> UInt64

    /// 20 ms by default: a turn's other work takes a few milliseconds, so a turn stays under 50 ms.
    public init(
        milliseconds: Double = 20,
        now: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.nanoseconds = UInt64(max(0, milliseconds) * 1_000_000)
        self.now = now
    }
}
