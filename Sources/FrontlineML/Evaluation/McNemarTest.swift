import Foundation

/// McNemar's test of whether two classifiers scored on the same examples differ:
/// only the discordant pairs count, `aOnly` (A right, B wrong) and `bOnly` (A wrong, B right).
///
/// Under the null both are Binomial(n, ½) with n = aOnly + bOnly. For n < 25 the exact
/// two-sided binomial p-value is used, p = min(1, 2 · P(X ≤ min(aOnly, bOnly))); otherwise the
/// chi-square statistic with continuity correction, (|aOnly − bOnly| − 1)² / n, against χ²(1).
/// With no discordant pairs the models cannot be told apart: p = 1.
public struct McNemarTest: Sendable, Codable, Equatable {
    public enum Method: String, Sendable, Codable {
        case exactBinomial = "exact_binomial"
        case chiSquareCorrected = "chi_square_continuity_corrected"
    }

    public var aOnly: Int
    public var bOnly: Int
    public var method: Method
    /// The chi-square statistic (chi-square method) or min(aOnly, bOnly) (exact method).
    public var statistic: Double
    public var pValue: Double

    /// Below this many discordant pairs the chi-square approximation is poor.
    public static let exactBelow = 25

    enum CodingKeys: String, CodingKey {
        case method, statistic
        case aOnly = "a_right_b_wrong"
        case bOnly = "a_wrong_b_right"
        case pValue = "p_value"
    }

    public init(aOnly: Int, bOnly: Int) {
        precondition(aOnly >= 0 && bOnly >= 0, "discordant counts cannot be negative")
        self.aOnly = aOnly
        self.bOnly = bOnly
        let n = aOnly + bOnly
        if n < McNemarTest.exactBelow {
            method = .exactBinomial
            let k = min(aOnly, bOnly)
            statistic = Double(k)
            pValue = n == 0 ? 1 : min(1, 2 * McNemarTest.binomialCDF(k, n: n))
        } else {
            method = .chiSquareCorrected
            let d = Double(abs(aOnly - bOnly)) - 1
            let chi = max(d, 0) * max(d, 0) / Double(n)
            statistic = chi
            // Survival function of χ² with one degree of freedom.
            pValue = erfc((chi / 2).squareRoot())
        }
    }

    /// P(X ≤ k) for X ~ Binomial(n, ½), summed in log space so large n cannot overflow.
    static func binomialCDF(_ k: Int, n: Int) -> Double {
        var sum = 0.0
        let logHalfN = Double(n) * log(0.5)
        for i in 0...k {
            sum += exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + logHalfN)
        }
        return sum
    }
}
