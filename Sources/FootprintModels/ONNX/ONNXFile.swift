import FootprintCore
import Foundation

/// Reads ONNX model files: the protobuf is memory-mapped and walked in place, so that the weights
/// are never read, only their shapes; a multi-gigabyte file costs the time its graph takes.
public enum ONNXFile {
    /// Counts the ONNX model at `path`, mapping the file rather than reading it.
    /// - Throws: ``ModelError``: `.unreadable`, `.corrupt` for a file that is not a whole protobuf,
    ///   `.unknownDimension` for dynamic dimensions without a value.
    public static func load(path: String, options: ModelReadOptions = .init()) throws(ModelError) -> ModelCount {
        try count(path: path, options: options).count
    }

    static func count(path: String, options: ModelReadOptions) throws(ModelError) -> ONNXCount {
        let data: Data
        do {
            try FileProblem.refuseIrregular(path)
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ModelFile.unreadable(error, path: path)
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            return try count(data: data, name: name, options: options)
        } catch {
            throw error.at(path: path)
        }
    }

    /// Counts an ONNX model held in `data`; `name` stands for a graph without one.
    static func count(data: Data, name: String, options: ModelReadOptions) throws(ModelError) -> ONNXCount {
        let decoded: Result<ONNXModel, WireError> = data.withUnsafeBytes { bytes in
            Result { () throws(WireError) in try ONNXDecoder(bytes: bytes).model() }
        }
        let model: ONNXModel
        switch decoded {
        case .success(let value): model = value
        case .failure(let error):
            throw ModelError(
                .corrupt,
                "not a readable ONNX model: at byte \(error.offset) of \(data.count), \(error.problem) (a truncated or damaged file?)"
            )
        }
        return try ONNXCounter(model: model, name: name, options: options).count()
    }
}
