import FootprintSystem
import Testing

@Suite struct DynamicLibraryTests {
    /// A library that does not load names the path asked for; the loader's words are only for people.
    @Test func aMissingLibraryNamesItsPath() {
        guard case .failure(let error) = DynamicLibrary.load("/nonexistent/libfootprint-none.so") else {
            Issue.record("a library that is not there loaded")
            return
        }
        #expect(error.path == "/nonexistent/libfootprint-none.so")
        #expect(!error.loaderMessage.isEmpty)
    }
}
