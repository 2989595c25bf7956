import Testing

@testable import FrontlineML

/// Money in both decimal conventions and in words, decimals and fractions in words.
@Suite struct EntityMoneyWordsTests {
    static let money: [EntityCase] = [
        EntityCase("12,50 €", ["money|12,50 €|12.50 EUR"]),
        EntityCase("12,50€", ["money|12,50€|12.50 EUR"]),
        EntityCase("€12,50", ["money|€12,50|12.50 EUR"]),
        EntityCase("it cost 12,50 euros", ["money|12,50 euros|12.50 EUR"]),
        EntityCase("1.299,00 €", ["money|1.299,00 €|1299 EUR"]),
        EntityCase("$1,299.00", ["money|$1,299.00|1299 USD"]),
        EntityCase("EUR 1.299,95", ["money|EUR 1.299,95|1299.95 EUR"]),
        EntityCase("12,5 EUR", ["money|12,5 EUR|12.50 EUR"]),
        EntityCase("twelve euros fifty", ["money|twelve euros fifty|12.50 EUR"]),
        EntityCase("twelve euros and fifty cents", ["money|twelve euros and fifty cents|12.50 EUR"]),
        EntityCase("12 dollars 50", ["money|12 dollars 50|12.50 USD"]),
        EntityCase("5 pounds 20 pence", ["money|5 pounds 20 pence|5.20 GBP"]),
        EntityCase("fifty cents", ["money|fifty cents|0.50 USD"]),
        EntityCase("5 cents", ["money|5 cents|0.05 USD"]),
        EntityCase("one and a half euros", ["money|one and a half euros|1.50 EUR"]),
        EntityCase("£3,99", ["money|£3,99|3.99 GBP"]),
        EntityCase("30 euros", ["money|30 euros|30 EUR"]),
        EntityCase("$12.50", ["money|$12.50|12.50 USD"]),
        EntityCase("twenty dollars", ["money|twenty dollars|20 USD"]),
        EntityCase("1.299 €", ["money|1.299 €|1.299 EUR"]),
        // Near misses.
        EntityCase("3,5", []),
        EntityCase("12,50", []),
        EntityCase("twenty dollars 5 items", ["money|twenty dollars|20 USD", "number|5|5"]),
        EntityCase("order A-12345", []),
        EntityCase("version 4.2", []),
        EntityCase("1,2,3 euros", []),
        EntityCase("per cent", []),
    ]

    static let numbers: [EntityCase] = [
        EntityCase("one and a half", ["number|one and a half|1.5"]),
        EntityCase("two and a quarter", ["number|two and a quarter|2.25"]),
        EntityCase("five and three quarters", ["number|five and three quarters|5.75"]),
        EntityCase("2 and a half", ["number|2 and a half|2.5"]),
        EntityCase("a half", ["number|a half|0.5"]),
        EntityCase("a quarter", ["number|a quarter|0.25"]),
        EntityCase("three quarters", ["number|three quarters|0.75"]),
        EntityCase("three point five", ["number|three point five|3.5"]),
        EntityCase("zero point seven five", ["number|zero point seven five|0.75"]),
        EntityCase("twelve point zero one", ["number|twelve point zero one|12.01"]),
        EntityCase("3.5 kg", ["number|3.5|3.5"]),
        EntityCase("twenty one", ["number|twenty one|21"]),
        EntityCase("1,200.50", ["number|1,200.50|1200.5"]),
        EntityCase("one and a half hours", ["number|one and a half|1.5"]),
        EntityCase("fifteen per cent", ["percentage|fifteen per cent|15%"]),
        EntityCase("two and a half percent", ["percentage|two and a half percent|2.5%"]),
        EntityCase("one half", ["number|one half|0.5"]),
        EntityCase("a dozen", ["number|a dozen|12"]),
        EntityCase("seven", ["number|seven|7"]),
        EntityCase("the 2nd one", ["ordinal|2nd|2", "number|one|1"]),
        // Near misses.
        EntityCase("half of them", []),
        EntityCase("version 4.2", []),
        EntityCase("ios version 17.1", []),
        EntityCase("the point is", []),
        EntityCase("a quarter to three", ["time|a quarter to three|14:45"]),
        EntityCase("version 1.2.3", []),
        EntityCase("order A-12345", []),
    ]

    @Test(arguments: money) func moneyCase(_ row: EntityCase) {
        #expect(spans(row.text) == row.expected)
    }

    @Test(arguments: numbers) func numberCase(_ row: EntityCase) {
        #expect(spans(row.text) == row.expected)
    }

    @Test func structuredMoney() throws {
        let r = try BuiltinEntityRecognizer()
        let m = try #require(r.recognize("it cost 12,50 euros", reference: thursdayMorning).first)
        #expect(m.kind == .money && m.number == 12.5 && m.currency == "EUR")
    }
}
