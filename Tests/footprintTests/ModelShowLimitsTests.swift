import Foundation
import Testing

/// `model show` on specs at and past the limits of counting: never a trap (exit 132).
@Suite struct ModelShowLimitsTests {
    func spec(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-spec-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url
    }

    @Test(arguments: [
        (
            #"{"input": [64], "layers": [\#(Array(repeating: #"{"type": "dense", "units": 1000000000}"#, count: 10).joined(separator: ", "))]}"#,
            "layer 2 (dense 1000000000) is too large"
        ),
        (
            #"{"input": [3, 100000, 100000], "layers": [{"type": "conv2d", "filters": 1000000000, "kernel": 3}]}"#,
            "layer 1 (conv2d 1000000000×3×3 s1 valid) is too large"
        ),
        (
            "{\n  \"input\": [64],\n  \"layers\": [{\"type\": \"dense\" \"units\": 2}]\n}",
            "not valid JSON: line 3, column 31: expected ',' or '}'"
        ),
        (
            #"{"input": [64], "layers": [{"type": "dense", "units": 2.5}]}"#,
            "layers[0].units (layer 1, dense) must be a whole number from 1 to 1,000,000,000; got 2.5"
        ),
        (
            #"{"input": [64], "layers": [{"type": "dense", "units": 2}], "layers": []}"#,
            "line 1, column 60: the key \"layers\" appears twice in one object; keep one"
        )
    ])
    func refusedWithAReason(json: String, message: String) throws {
        let file = try spec(json)
        defer { try? FileManager.default.removeItem(at: file) }
        for extra in [[], ["--json"]] {
            let result = try CLIRunner.run(["model", "show", file.path] + extra)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test func largeCountableSpecsPrintExactCountsAndBinaryUnits() throws {
        let file = try spec(#"{"input": [1000000000], "layers": [{"type": "dense", "units": 1000000, "bias": false}]}"#)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLIRunner.run(["model", "show", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("parameters  1,000,000,000,000,000 (3.55 PiB in fp32)"), "\(result.stdout)")
        let json = try CLIRunner.run(["model", "show", file.path, "--json"])
        #expect(try json.json()["parameter_bytes_fp32"] as? Int == 4_000_000_000_000_000)
    }

    @Test func aFolderIsNotASpec() throws {
        let result = try CLIRunner.run(["model", "show", FileManager.default.temporaryDirectory.path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("it is a folder, not a file; give a model file: a spec (JSON)"), "\(result.stderr)")
    }
}
