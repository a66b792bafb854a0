import Testing

@testable import FootprintSystem

/// The one place a sensor root becomes a path prefix.
@Suite struct SystemRootTests {
    @Test func baseOfRootDropsOneTrailingSlash() {
        #expect(SystemFile.base(ofRoot: "/") == "")
        #expect(SystemFile.base(ofRoot: "/tmp/tree/") == "/tmp/tree")
        #expect(SystemFile.base(ofRoot: "/tmp/tree") == "/tmp/tree")
        #expect("\(SystemFile.base(ofRoot: "/"))/proc/stat" == "/proc/stat")
    }
}
