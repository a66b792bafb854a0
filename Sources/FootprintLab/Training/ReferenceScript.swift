import Foundation

/// The PyTorch script `lab bench` compares the engine with, compiled into the binary from
/// `Resources/torch_reference.py`: the benchmark needs nothing outside the footprint binary but
/// an interpreter with PyTorch.
public enum ReferenceScript {
    /// The script's text.
    public static var pytorch: String { EmbeddedResources.scripts["torch_reference"] ?? "" }
    /// The PyTorch engine's script (`Resources/torch_workloads.py`), run by ``PyTorchWorkloadEngine``.
    public static var pytorchWorkloads: String { EmbeddedResources.scripts["torch_workloads"] ?? "" }

    /// Writes the script to a new file in the temporary folder and returns its path; the caller
    /// removes it when done.
    public static func writePyTorch() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-torch-reference-\(UUID().uuidString).py")
        try Data(pytorch.utf8).write(to: url)
        return url.path
    }
}
