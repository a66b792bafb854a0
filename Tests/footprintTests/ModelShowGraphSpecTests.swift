import Foundation
import Testing

/// `model show` and `estimate lifecycle --model` on graph-form specs, end to end.
@Suite struct ModelShowGraphSpecTests {
    @Test func resNet50IsTorchvisionsCount() throws {
        let spec = CLIRunner.examples.appendingPathComponent("resnet50.json").path
        let json = try CLIRunner.run(["model", "show", spec, "--json"]).json()
        #expect(json["parameters"] as? Int == 25_557_032)
        #expect(json["format"] as? String == "spec")
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.first?["layer"] as? String == "conv2d 64×7×7 s2 pad 3 (no bias)")
        let text = try CLIRunner.run([
            "model", "show", CLIRunner.examples.appendingPathComponent("mobilenet-v2.json").path
        ])
        #expect(text.status == 0)
        #expect(text.stdout.contains("conv2d 32×3×3 s1 pad 1 groups 32 (no bias)"), "\(text.stdout)")
        #expect(text.stdout.contains("parameters  3,504,872 (13.4 MiB in fp32)"), "\(text.stdout)")
    }

    @Test func anUnknownKeyIsOneLineNamingItAndTheValidOnes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-graph-\(UUID().uuidString).json")
        try Data(
            #"{"input": [3, 8, 8], "nodes": [{"type": "conv2d", "filters": 4, "kernel": 3, "use_bias": false}]}"#.utf8
        )
        .write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for command in [
            ["model", "show", url.path],
            ["estimate", "lifecycle", "--model", url.path, "--samples", "1000", "--hardware", "h100-sxm"]
        ] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(
                result.stderr.contains("nodes[0] (conv2d) has an unknown key \"use_bias\"; conv2d takes \"filters\""),
                "\(result.stderr)")
        }
    }
}
