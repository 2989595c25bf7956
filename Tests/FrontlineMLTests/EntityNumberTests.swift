import Testing

@testable import FrontlineML

@Suite struct EntityNumberTests {
    @Test func digits() {
        #expect(entities("I need 12 of them") == ["number|12|12"])
        #expect(entities("3.5 kg") == ["number|3.5|3.5"])
        #expect(entities("1,200 items") == ["number|1,200|1200"])
        #expect(entities("1,200.50") == ["number|1,200.50|1200.5"])
        #expect(entities("it is 007") == ["number|007|7"])
        #expect(entities("2 thousand") == ["number|2 thousand|2000"])
        #expect(entities("1.5 million") == ["number|1.5 million|1500000"])
        #expect(entities("٣٤ boxes") == ["number|٣٤|34"])
    }

    @Test func words() {
        #expect(values("twenty one", .number) == ["21"])
        #expect(values("twenty-one", .number) == ["21"])
        #expect(values("three hundred and five", .number) == ["305"])
        #expect(values("two thousand four hundred", .number) == ["2400"])
        #expect(values("two thousand and five", .number) == ["2005"])
        #expect(values("a hundred", .number) == ["100"])
        #expect(values("twelve hundred", .number) == ["1200"])
        #expect(values("one million two hundred thousand", .number) == ["1200000"])
        #expect(values("a dozen eggs", .number) == ["12"])
        #expect(values("seven", .number) == ["7"])
        #expect(entities("Twenty One") == ["number|Twenty One|21"])
    }

    @Test func notNumbers() {
        #expect(entities("iphone15pro") == [])
        #expect(entities("room 7b") == [])
        #expect(entities("order A-12345") == [])
        #expect(entities("version 1.2.3") == [])
        #expect(entities("a cat and a hundreds") == [])
        #expect(entities("thousand") == [])
        // Scales only decrease: "thousand thousand" is one thousand, then a stray word.
        #expect(values("one thousand thousand", .number) == ["1000"])
    }

    @Test func ordinals() {
        #expect(entities("the 2nd one") == ["ordinal|2nd|2", "number|one|1"])
        #expect(entities("2") == ["number|2|2"])
        #expect(entities("21st") == ["ordinal|21st|21"])
        #expect(entities("11th") == ["ordinal|11th|11"])
        #expect(entities("third") == ["ordinal|third|3"])
        #expect(entities("twenty-first") == ["ordinal|twenty-first|21"])
        #expect(entities("twenty first") == ["ordinal|twenty first|21"])
        #expect(entities("one hundred and first") == ["ordinal|one hundred and first|101"])
        #expect(entities("hundredth") == ["ordinal|hundredth|100"])
        #expect(entities("my second order") == ["ordinal|second|2"])
        #expect(entities("the 2nds") == [])
    }

    @Test func secondAsUnitOfTime() {
        #expect(entities("wait a second") == [])
        #expect(entities("one second please") == ["number|one|1"])
        #expect(entities("give me 1 second") == ["number|1|1"])
        #expect(entities("2 seconds") == ["number|2|2"])
        #expect(entities("for a split second") == [])
    }

    @Test func percentages() {
        #expect(entities("15% off") == ["percentage|15%|15%"])
        #expect(entities("15 % off") == ["percentage|15 %|15%"])
        #expect(entities("15 percent") == ["percentage|15 percent|15%"])
        #expect(entities("fifteen per cent") == ["percentage|fifteen per cent|15%"])
        #expect(entities("12.5%") == ["percentage|12.5%|12.5%"])
        #expect(entities("15 per day") == ["number|15|15"])
    }

    @Test func money() {
        #expect(entities("$12.50") == ["money|$12.50|12.50 USD"])
        #expect(entities("$12.5") == ["money|$12.5|12.50 USD"])
        #expect(entities("12.50 USD") == ["money|12.50 USD|12.50 USD"])
        #expect(entities("USD 12.50") == ["money|USD 12.50|12.50 USD"])
        #expect(entities("€30") == ["money|€30|30 EUR"])
        #expect(entities("30€") == ["money|30€|30 EUR"])
        #expect(entities("30 euros") == ["money|30 euros|30 EUR"])
        #expect(entities("£5") == ["money|£5|5 GBP"])
        #expect(entities("5 pounds") == ["money|5 pounds|5 GBP"])
        #expect(entities("twenty dollars") == ["money|twenty dollars|20 USD"])
        #expect(entities("a hundred bucks") == ["money|a hundred bucks|100 USD"])
        #expect(entities("$1,200") == ["money|$1,200|1200 USD"])
        #expect(entities("30eur") == ["money|30eur|30 EUR"])
        #expect(entities("$5", settings: EntitySettings(dollarCurrency: "CAD")) == ["money|$5|5 CAD"])
    }

    @Test func notMoney() {
        #expect(entities("$ and cents") == [])
        #expect(entities("$12abc") == [])
        #expect(entities("XUSD 5") == ["number|5|5"])
    }
}
