import Foundation
import Testing

/// `model show` on specs built from sequence layers, end to end.
@Suite struct ModelShowSequenceSpecTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../FootprintModelsTests/Fixtures/sequence").standardized

    @Test func bertBaseIsHuggingFacesCount() throws {
        let json = try CLIRunner.run([
            "model", "show", Self.fixtures.appendingPathComponent("bert-base.json").path, "--json"
        ]).json()
        #expect(json["parameters"] as? Int == 109_482_240)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.first?["layer"] as? String == "embedding 30522→768, 512 positions, 2 segments")
        #expect(layers.last?["layer"] as? String == "pooler tanh")
    }

    /// A mixture of experts shows the parameters one token uses beside those it holds.
    @Test func aMixtureOfExpertsShowsItsActiveParameters() throws {
        let result = try CLIRunner.run([
            "model", "show", Self.fixtures.appendingPathComponent("mixtral-block.json").path
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("8 experts, top 2"), "\(result.stdout)")
        #expect(result.stdout.contains("parameters  1,451,270,144"), "\(result.stdout)")
        #expect(result.stdout.contains("active      394,305,536 parameters"), "\(result.stdout)")
    }

    @Test func aSequenceLayersUnknownKeyIsOneLineListingTheValidOnes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-sequence-\(UUID().uuidString).json")
        try Data(#"{"input": [16, 64], "layers": [{"type": "attention", "heads": 8, "kv": 2}]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try CLIRunner.run(["model", "show", url.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("unknown key \"kv\""), "\(result.stderr)")
        #expect(result.stderr.contains("\"kv_heads\""), "\(result.stderr)")
    }
}
