/// An exact non-negative decimal as digit strings, so "12.50" and "1,200" keep their
/// exact value (a `Double` would print 0.1 + 0.2 wrong) and long numbers never overflow.
struct DecimalAmount: Hashable, Sendable {
    /// Digits without leading zeros ("0" for zero).
    var integer: String
    /// Digits after the point as written (may be empty).
    var fraction: String

    init(integer: String, fraction: String = "") {
        let trimmed = integer.drop { $0 == "0" }
        self.integer = trimmed.isEmpty ? "0" : String(trimmed)
        self.fraction = fraction
    }

    init(_ value: Int) {
        self.init(integer: String(value))
    }

    /// "3.5" for 3.50, "1200" for 1,200.
    var canonical: String {
        let f = trimmedFraction
        return f.isEmpty ? integer : integer + "." + f
    }

    /// Money style: no decimals for whole amounts, at least two otherwise ("12.50").
    var moneyString: String {
        var f = trimmedFraction
        if f.isEmpty { return integer }
        while f.utf8.count < 2 { f.append("0") }
        return integer + "." + f
    }

    /// The value as a `Double`; nil when it does not fit (hundreds of digits).
    var doubleValue: Double? {
        guard let value = Double(canonical), value.isFinite else { return nil }
        return value
    }

    /// The value when it is a whole number that fits in an `Int`.
    var intValue: Int? {
        guard trimmedFraction.isEmpty, integer.utf8.count <= 18 else { return nil }
        return Int(integer)
    }

    /// The amount times 10^power ("1.5" thousand → "1500").
    func scaled(byPowerOfTen power: Int) -> DecimalAmount {
        var frac = Array(fraction)
        var int = integer
        for _ in 0..<power {
            if frac.isEmpty { int.append("0") } else { int.append(frac.removeFirst()) }
        }
        return DecimalAmount(integer: int, fraction: String(frac))
    }

    private var trimmedFraction: Substring {
        var f = Substring(fraction)
        while f.last == "0" { f = f.dropLast() }
        return f
    }
}
