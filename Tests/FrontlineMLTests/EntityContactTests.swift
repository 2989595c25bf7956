import Testing

@testable import FrontlineML

@Suite struct EntityContactTests {
    @Test func emails() {
        #expect(
            entities("mail John.Doe+tag@Example.co.uk.") == [
                "email|John.Doe+tag@Example.co.uk|john.doe+tag@example.co.uk"
            ])
        #expect(entities("(a_b@acme.io)") == ["email|a_b@acme.io|a_b@acme.io"])
        #expect(entities("me@localhost") == [])
        #expect(entities("x@y.c") == [])
        #expect(entities("@home") == [])
        #expect(entities("john@acme.com") == ["email|john@acme.com|john@acme.com"])  // not also a URL
    }

    @Test func phones() {
        #expect(entities("+44 20 7946 0958") == ["phone|+44 20 7946 0958|+442079460958"])
        #expect(entities("(555) 123-4567") == ["phone|(555) 123-4567|5551234567"])
        #expect(entities("555-123-4567") == ["phone|555-123-4567|5551234567"])
        #expect(entities("555.123.4567") == ["phone|555.123.4567|5551234567"])
        #expect(entities("07700 900123") == ["phone|07700 900123|07700900123"])
        #expect(entities("+1 (555) 123-4567") == ["phone|+1 (555) 123-4567|+15551234567"])
        #expect(entities("+44 (0)20 7946 0958") == ["phone|+44 (0)20 7946 0958|+442079460958"])
        #expect(entities("(555)123-4567") == ["phone|(555)123-4567|5551234567"])
        #expect(entities("0044 20 7946 0958") == ["phone|0044 20 7946 0958|+442079460958"])
        #expect(entities("+33 1 23 45 67 89") == ["phone|+33 1 23 45 67 89|+33123456789"])
        #expect(entities("call 555-1234.") == ["phone|555-1234|5551234"])
        #expect(entities("my number is 5551234567") == ["phone|5551234567|5551234567"])
    }

    @Test func notPhones() {
        #expect(entities("order A-12345") == [])
        #expect(values("in 2026", .phone) == [])
        #expect(values("code 12345", .phone) == [])
        #expect(values("2026-12-01", .phone) == [])
        #expect(values("2026-12-01 10:30", .phone) == [])
        #expect(values("2019 2020", .phone) == [])
        #expect(values("555 1234", .phone) == [])
        #expect(values("+44", .phone) == [])
        #expect(values("$5551234567", .phone) == [])
        #expect(values("5551234567abc", .phone) == [])
        #expect(values("1234567890123456", .phone) == [])
    }

    @Test func urls() {
        #expect(
            entities("see https://acme.com/returns?id=5.") == [
                "url|https://acme.com/returns?id=5|https://acme.com/returns?id=5"
            ])
        #expect(entities("(see www.acme.com)") == ["url|www.acme.com|https://www.acme.com"])
        #expect(entities("go to acme.com/help, now") == ["url|acme.com/help|https://acme.com/help"])
        #expect(entities("HTTP://Acme.COM/Path!") == ["url|HTTP://Acme.COM/Path|http://acme.com/Path"])
        #expect(entities("http://localhost:8080/x") == ["url|http://localhost:8080/x|http://localhost:8080/x"])
        #expect(entities("wiki/Foo_(bar))") == [])
        #expect(
            entities("https://en.wikipedia.org/wiki/Foo_(bar)).") == [
                "url|https://en.wikipedia.org/wiki/Foo_(bar)|https://en.wikipedia.org/wiki/Foo_(bar)"
            ])
        #expect(entities("shop.acme.co.uk") == ["url|shop.acme.co.uk|https://shop.acme.co.uk"])
    }

    @Test func notURLs() {
        #expect(entities("e.g. this") == [])
        #expect(entities("file.txt") == [])
        #expect(entities("done.No worries") == [])
        #expect(entities("3.5") == ["number|3.5|3.5"])
        #expect(entities("https:// nothing") == [])
    }
}
