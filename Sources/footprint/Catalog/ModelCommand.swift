import ArgumentParser
import FootprintCore
import FootprintModels

/// `footprint model`: what a model costs, node by node, from our spec, an ONNX file or a Hugging
/// Face config.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect models (our spec, ONNX, Hugging Face configs): parameters, FLOPs and memory.",
        subcommands: [Show.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Per-layer parameters and forward FLOPs of a model (one multiply-add = 2 FLOPs).")
        @Argument(help: "A model file: a spec (JSON), an ONNX file or a Hugging Face config.json.") var spec: String
        @OptionGroup var model: ModelOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let count = try model.load(spec).count
            if json { return try JSONOutput.print(ModelJSON(count)) }
            print(ModelText.render(count))
        }
    }
}
