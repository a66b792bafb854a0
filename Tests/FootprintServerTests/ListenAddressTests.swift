import FootprintCore
import Testing

@testable import FootprintServer

@Suite struct ListenAddressTests {
    @Test func hostAndPortAreReadAndResolved() throws {
        #expect(try ListenAddress.parse("127.0.0.1:9875") == ListenAddress(host: "127.0.0.1", port: 9875))
        #expect(try ListenAddress.parse("localhost:80").port == 80)
        #expect(try ListenAddress.parse("0.0.0.0:65535").host == "0.0.0.0")
        #expect(ListenAddress(host: "::1", port: 9).description == "[::1]:9")
    }

    @Test(arguments: ["9875", "127.0.0.1", "127.0.0.1:", ":9875", "127.0.0.1:98x5", "::1:9875", "[::1]9875", ""])
    func notHostColonPortIsMalformed(_ text: String) {
        #expect {
            try ListenAddress.parse(text)
        } throws: { ($0 as? InvalidInput)?.reason == .malformed }
    }

    @Test(arguments: ["127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999999999999999999"])
    func portsOutsideOneTo65535AreRefused(_ text: String) {
        #expect {
            try ListenAddress.parse(text)
        } throws: { ($0 as? InvalidInput)?.reason == .outOfBounds }
    }

    @Test(arguments: ["no-such-host.invalid:9875", "192.0.2.1:9875"])
    func hostsThatAreNotThisMachinesAreRefused(_ text: String) {
        #expect {
            try ListenAddress.parse(text)
        } throws: { ($0 as? InvalidInput)?.reason == .unknownName }
    }
}
