import Foundation
import Testing

@testable import FootprintCore
@testable import FootprintModels

/// Specs whose counts pass 2⁵³ are refused by name, never wrapped or trapped on, and JSON
/// syntax errors point at a line and column.
@Suite struct LabNetworkLimitsTests {
    func analyze(_ json: String) throws -> ModelAnalysis {
        try SpecModel.labNetwork(parsing: Data(json.utf8)).analyze()
    }

    func refusal(_ json: String) -> ModelSpecError? {
        do {
            _ = try analyze(json)
            return nil
        } catch {
            return error as? ModelSpecError
        }
    }

    /// Ten dense layers of a billion units: 10¹⁸ weights from the second layer on (this trapped
    /// with "arithmetic overflow" when the bytes were counted).
    @Test func tenBillionUnitDenseLayersAreTooLarge() throws {
        let layers = Array(repeating: #"{"type": "dense", "units": 1000000000}"#, count: 10).joined(separator: ", ")
        let error = try #require(refusal(#"{"input": [64], "layers": [\#(layers)]}"#))
        #expect(error.reason == .tooLarge)
        #expect(error.message.contains("layer 2 (dense 1000000000) is too large"), "\(error.message)")
    }

    @Test func aBillionFiltersAreTooLarge() throws {
        let error = try #require(
            refusal(
                #"{"input": [3, 100000, 100000], "layers": [{"type": "conv2d", "filters": 1000000000, "kernel": 3}]}"#))
        #expect(error.reason == .tooLarge)
        #expect(error.message.contains("layer 1 (conv2d 1000000000×3×3"), "\(error.message)")
    }

    @Test func anInputOfTooManyValuesIsRefused() throws {
        let error = try #require(
            refusal(#"{"input": [1000000000, 1000000000, 1000000000], "layers": [{"type": "flatten"}]}"#))
        #expect(error.reason == .tooLarge)
        #expect(error.message.contains("the input [1000000000, 1000000000, 1000000000]"), "\(error.message)")
    }

    /// The attention scores h·s² were converted from a Double to an Int without a check.
    @Test func attentionScoresPastTheLimitAreRefused() throws {
        let spec = ModelSpec(
            name: "long", input: [100_000_000],
            layers: [.embedding(vocabulary: 10, dimensions: 8), .selfAttention(heads: 8)])
        do {
            _ = try spec.analyze()
            Issue.record("the attention scores were counted")
        } catch {
            #expect(error.reason == .tooLarge)
            #expect(error.message.contains("layer 2 (self-attention 8 heads)"), "\(error.message)")
        }
    }

    /// Every layer under the limit, the sum over it: the total names the layer where it went past.
    @Test func totalsAreCheckedToo() throws {
        let json =
            #"{"input": [1000000000], "layers": [{"type": "dense", "units": 4000000, "bias": false}, {"type": "dense", "units": 1000000000, "bias": false}, {"type": "dense", "units": 4000000, "bias": false}]}"#
        let error = try #require(refusal(json))
        #expect(error.reason == .tooLarge)
        #expect(
            error.message.contains("the model up to layer 3 (dense 4000000 (no bias)) is too large: its parameters"),
            "\(error.message)")
    }

    /// Just under the limit everything is exact, bytes included.
    @Test func largeButCountableSpecsAreExact() throws {
        let analysis = try analyze(
            #"{"input": [1000000000], "layers": [{"type": "dense", "units": 1000000, "bias": false}]}"#)
        #expect(analysis.parameters == 1_000_000_000_000_000)
        #expect(analysis.parameterBytes(.fp32) == 4_000_000_000_000_000)
        #expect(analysis.forwardFLOPs == 2e15)
    }

    @Test(arguments: [
        ("{\n  \"input\": [64],\n  \"layers\": [{\"type\": \"dense\" \"units\": 2}]\n}", 3, 31, "expected ',' or '}'"),
        ("{\"input\": [64,, 2]}", 1, 15, "expected a value"),
        ("{\"input\": [64], \"layers\": [", 1, 28, "unexpected end of the file"),
        ("{'input': [64]}", 1, 2, "expected a key in double quotes"),
        ("{\"input\": [1e999]}", 1, 12, "the number 1e999 is too large"),
        ("{\"name\": \"é\", \"x\": tru}", 1, 23, "expected true"),
        ("{\"a\": 1} x", 1, 10, "unexpected text after the end")
    ])
    func syntaxProblemsHaveALineAndColumn(text: String, line: Int, column: Int, message: String) throws {
        let problem = try #require(JSONSyntax.firstProblem(in: Array(text.utf8)))
        #expect(problem.line == line)
        #expect(problem.column == column)
        #expect(problem.message.contains(message), "\(problem.message)")
        #expect {
            try SpecModel.parse(Data(text.utf8))
        } throws: { error in
            let error = error as? ModelError
            return error?.reason == .syntax
                && error?.message.hasPrefix("not valid JSON: line \(line), column \(column): ") == true
        }
    }

    @Test func wellFormedJSONHasNoSyntaxProblem() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Examples"
        ).standardized
        for file in try FileManager.default.contentsOfDirectory(atPath: examples.path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: examples.appendingPathComponent(file))
            #expect(JSONSyntax.firstProblem(in: Array(data)) == nil, "\(file)")
        }
        #expect(
            JSONSyntax.firstProblem(in: Array(#"{"a": [1, -2.5e-3, true, false, null, "x\"y\u00e9"], "b": {}}"#.utf8))
                == nil)
    }

    /// A key given twice kept only its last value: `"layers"` twice gave a model of no layers, exit 0.
    @Test func aKeyGivenTwiceIsRefusedWhereItIs() throws {
        let text = "{\"input\": [8], \"layers\": [{\"type\": \"dense\", \"units\": 4}],\n \"layers\": []}"
        let problem = try #require(JSONSyntax.firstDuplicateKey(in: Array(text.utf8)))
        #expect(problem.line == 2 && problem.column == 2)
        #expect(problem.message == "the key \"layers\" appears twice in one object; keep one")
        #expect {
            try SpecModel.parse(Data(text.utf8))
        } throws: { error in
            (error as? ModelError)?.reason == .syntax
        }
        let nested = #"{"input": [8], "layers": [{"type": "dense", "units": 4, "units": 8}]}"#
        #expect(JSONSyntax.firstDuplicateKey(in: Array(nested.utf8))?.message.contains("\"units\"") == true)
        // The same key in different objects is fine.
        #expect(
            JSONSyntax.firstDuplicateKey(in: Array(#"{"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}"#.utf8))
                == nil)
    }
}
