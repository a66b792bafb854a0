import FootprintCore
import Foundation

/// A model read from a file of any format Footprint knows, counted.
public struct LoadedModel: Sendable {
    /// What it costs.
    public var count: ModelCount
    /// The same model as a sequential network the lab can train, when it is one (a spec whose
    /// layers are all the lab's); nil for every other model.
    public var labNetwork: ModelSpec?

    /// Pairs a count with its lab network.
    public init(count: ModelCount, labNetwork: ModelSpec? = nil) {
        self.count = count
        self.labNetwork = labNetwork
    }
}

/// Settings a model file may need to be counted.
public struct ModelReadOptions: Sendable, Hashable {
    /// Values for an ONNX graph's named dynamic dimensions (`batch`, `sequence`): `--dim name=value`.
    public var dimensions: [String: Int]
    /// The context length in tokens for a language model's config (`--context`); nil takes the
    /// family's maximum position count.
    public var context: Int?

    /// Creates options.
    public init(dimensions: [String: Int] = [:], context: Int? = nil) {
        self.dimensions = dimensions
        self.context = context
    }
}

/// Reads a model file of whichever format it is: Footprint's spec, ONNX or a Hugging Face config.
public enum ModelFile {
    /// The formats, told apart by content: a protobuf (or a `.onnx` name) is ONNX; a JSON object
    /// with `model_type` or `architectures` is a Hugging Face config; any other JSON object a spec.
    public static func format(of data: Data, path: String) -> ModelCount.Format {
        if path.lowercased().hasSuffix(".onnx") { return .onnx }
        guard let first = data.first(where: { !(Character(UnicodeScalar($0)).isWhitespace) }),
            first == UInt8(ascii: "{")
        else { return .onnx }
        if case .object(let root)? = try? JSONValue.document(data),
            root["model_type"] != nil || root["architectures"] != nil
        {
            return .huggingFace
        }
        return .spec
    }

    /// The error for a model file that cannot be read, with what to give instead of a folder.
    static func unreadable(_ error: any Error, path: String) -> ModelError {
        let problem = FileProblem(error, path: path, access: .read)
        return ModelError(
            .unreadable,
            "cannot read model \(path): \(problem.explanation)"
                + (problem.reason == .isDirectory
                    ? "; give a model file: a spec (JSON), an ONNX file or a Hugging Face config.json" : ""))
    }

    /// The bytes of the model file at `path`.
    /// - Throws: ``ModelError/Reason/unreadable`` saying what is wrong with the path.
    public static func data(at path: String) throws(ModelError) -> Data {
        do {
            return try FileProblem.read(path)
        } catch {
            throw unreadable(error, path: path)
        }
    }

    /// Reads and counts the model at `path`.
    /// - Throws: ``ModelError`` naming the path and what is wrong.
    public static func load(path: String, options: ModelReadOptions = .init()) throws(ModelError) -> LoadedModel {
        // An ONNX file by its name is mapped, not read: its weights may be gigabytes.
        if path.lowercased().hasSuffix(".onnx") {
            return LoadedModel(count: try ONNXFile.load(path: path, options: options))
        }
        let data = try data(at: path)
        switch format(of: data, path: path) {
        case .spec:
            do {
                let model = try SpecModel.parse(data)
                return LoadedModel(count: try model.count(), labNetwork: model.labNetwork)
            } catch {
                throw error.at(path: path)
            }
        case .huggingFace:
            do {
                return LoadedModel(count: try HuggingFaceConfig.count(data, context: options.context))
            } catch {
                throw error.at(path: path)
            }
        case .onnx:
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            do {
                return LoadedModel(count: try ONNXFile.count(data: data, name: name, options: options).count)
            } catch {
                throw error.at(path: path)
            }
        }
    }
}
