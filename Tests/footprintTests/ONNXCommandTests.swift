import Foundation
import Testing

/// `model show` and `estimate lifecycle --model` on ONNX files, end to end.
@Suite struct ONNXCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FootprintModelsTests/Fixtures/onnx")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test func modelShowCountsAnExportedResNet() throws {
        let result = try CLIRunner.run(["model", "show", Self.fixture("resnet_small.onnx")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("parameters  21,914 (85.6 KiB in fp32)"), "\(result.stdout)")
        #expect(result.stdout.contains("Conv 16×7×7 s2,2 p3,3,3,3 no bias"), "\(result.stdout)")
        #expect(!result.stdout.contains("partial"))
        let json = try CLIRunner.run(["model", "show", Self.fixture("resnet_small.onnx"), "--json"]).json()
        #expect(json["format"] as? String == "onnx")
        #expect(json["parameters"] as? Int == 21_914)
        #expect(json["partial"] as? Bool == false)
    }

    @Test func aDynamicDimensionWithoutAValueIsNamedWithTheFlagThatGivesIt() throws {
        let result = try CLIRunner.run(["model", "show", Self.fixture("tiny_encoder.onnx")])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "the graph's dynamic dimension sequence has no value; give each with --dim name=value"),
            "\(result.stderr)")
        let given = try CLIRunner.run(["model", "show", Self.fixture("tiny_encoder.onnx"), "--dim", "sequence=48"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains("ids [1, 48]"), "\(given.stdout)")
    }

    @Test func uncountedOperatorsAreListedAndTheTotalsMarkedPartial() throws {
        let result = try CLIRunner.run(["model", "show", Self.fixture("partial.onnx"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(json["partial"] as? Bool == true)
        let uncounted = try #require(json["uncounted"] as? [[String: Any]])
        #expect(uncounted.compactMap { $0["name"] as? String } == ["com.example.Swirl", "NonZero"])
    }

    @Test func aTruncatedFileIsOneLineExitTwo() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("tiny_mlp.onnx"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-cut-\(UUID().uuidString).onnx")
        try data.prefix(data.count / 2).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try CLIRunner.run(["model", "show", url.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a readable ONNX model"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func aFolderNamedLikeAnONNXFileIsRefusedWithWhatToGive() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-\(UUID().uuidString).onnx")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["model", "show", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("it is a folder, not a file; give a model file"), "\(result.stderr)")
    }

    @Test func estimateLifecycleTakesAnONNXModel() throws {
        let arguments = [
            "estimate", "lifecycle", "--model", Self.fixture("tiny_encoder.onnx"), "--dim", "sequence=48",
            "--hardware", "t4", "--samples", "100000", "--epochs", "3", "--inferences", "1e6", "--region", "DE",
            "--json"
        ]
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        #expect(try #require(json["energy_kwh"] as? Double) > 0)
        let missing = try CLIRunner.run(arguments.filter { $0 != "--dim" && $0 != "sequence=48" })
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--dim"), "\(missing.stderr)")
    }
}
