import Testing

@testable import FootprintCore

/// The one parser of precision names, with the error a setting's message is built from.
@Suite struct PrecisionParsingTests {
    @Test func parsingAcceptsSpellingsAndNamesTheChoicesOtherwise() throws {
        #expect(try Precision(parsing: "BF16") == .fp16)
        #expect(try Precision(parsing: "float32") == .fp32)
        #expect(throws: UnknownPrecision(name: "int4")) { try Precision(parsing: "int4") }
        #expect(UnknownPrecision(name: "int4").description == "must be fp32, tf32, fp16, bf16 or fp8; got 'int4'")
    }
}
