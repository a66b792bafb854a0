import ArgumentParser
import FootprintCore
import FootprintModels

/// What a model file may need to be counted: values for an ONNX graph's dynamic dimensions and a
/// language model's context length.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .customLong("dim"),
        help: ArgumentHelp(
            "A value for a named dynamic dimension of an ONNX graph, e.g. --dim batch=1 --dim sequence=128; repeatable.",
            valueName: "name=value"))
    var dimensions: [String] = []
    @Option(
        help: "Context length in tokens for a Hugging Face config, 1 to 10,000,000 (default: the family's maximum).")
    var context: Int?

    /// The largest value a dimension or context may take.
    static let maximumDimension = 10_000_000

    /// The options as the model readers take them.
    func readOptions() throws -> ModelReadOptions {
        var values: [String: Int] = [:]
        for given in dimensions {
            let parts = given.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InvalidInput(
                    "--dim takes name=value, e.g. --dim batch=1; got \"\(Format.clipped(given, to: 40))\"")
            }
            let name = String(parts[0])
            guard let value = Int(parts[1]), (1...Self.maximumDimension).contains(value) else {
                throw InvalidInput(
                    "--dim \(name) must be a whole number from 1 to 10,000,000; got \"\(Format.clipped(String(parts[1]), to: 40))\""
                )
            }
            guard values[name] == nil else { throw InvalidInput("--dim \(name) is given twice") }
            values[name] = value
        }
        if let context, !(1...Self.maximumDimension).contains(context) {
            throw InvalidInput("--context must be from 1 to 10,000,000; got \(context)")
        }
        return ModelReadOptions(dimensions: values, context: context)
    }

    /// Reads and counts the model at `path` with these options.
    func load(_ path: String) throws -> LoadedModel {
        let options = try readOptions()
        do {
            return try ModelFile.load(path: path, options: options)
        } catch  where error.reason == .unknownDimension {
            throw ModelError(error.reason, error.message + "; give each with --dim name=value, e.g. --dim sequence=128")
        }
    }
}
