import ArgumentParser
import FootprintCore
import FootprintLab

/// `footprint model`: what a model spec costs, layer by layer.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect model specs: parameters, FLOPs and memory per layer.",
        subcommands: [Show.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Per-layer parameters and forward FLOPs of a model spec (one multiply-add = 2 FLOPs).")
        @Argument(help: "A model spec file (JSON).") var spec: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let analysis = try ModelSpec.load(path: spec).analyze()
            if json { return try JSONOutput.print(ModelJSON(analysis)) }
            var table = TextTable(
                ["#", "layer", "output", "parameters", "FLOPs"], alignments: [.right, .left, .left, .right, .right])
            table.add(["", "input", shape(analysis.spec.input), "", ""])
            for layer in analysis.layers {
                table.add([
                    "\(layer.index)", layer.layer.summary, shape(layer.outputShape),
                    Format.fixed(Double(layer.parameters), decimals: 0), Format.fixed(layer.forwardFLOPs, decimals: 0)
                ])
            }
            table.add([
                "", "total", "", Format.fixed(Double(analysis.parameters), decimals: 0),
                Format.fixed(analysis.forwardFLOPs, decimals: 0)
            ])
            print(Terminal.bold(analysis.spec.name))
            print(table.render())
            print(
                """
                forward     \(Format.significant(analysis.forwardFLOPs)) FLOP per sample (one multiply-add = 2 FLOPs)
                training    \(Format.significant(analysis.trainingFLOPsPerSample)) FLOP per sample (3 × forward)
                parameters  \(Format.fixed(Double(analysis.parameters), decimals: 0)) (\(bytes(analysis.parameterBytes())) in fp32)
                activations \(Format.significant(Double(analysis.activationElements))) values per sample (\(bytes(analysis.activationBytes())) in fp32)
                """)
        }

        func shape(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

        func bytes(_ count: Int) -> String {
            count < 1_024 ? "\(count) B" : TrainingMemory.text(Double(count))
        }
    }
}

struct ModelJSON: Encodable {
    struct LayerJSON: Encodable {
        var index: Int
        var layer: String
        var outputShape: [Int]
        var parameters: Int
        var forwardFLOPs: Double
        var activationElements: Int
        enum CodingKeys: String, CodingKey {
            case index, layer, parameters
            case outputShape = "output_shape", forwardFLOPs = "forward_flops", activationElements =
                "activation_elements"
        }
    }

    var name: String
    var input: [Int]
    var layers: [LayerJSON]
    var parameters: Int
    var forwardFLOPs: Double
    var trainingFLOPsPerSample: Double
    var activationElements: Int
    var parameterBytesFP32: Int
    var activationBytesFP32: Int

    init(_ a: ModelAnalysis) {
        name = a.spec.name
        input = a.spec.input
        layers = a.layers.map {
            LayerJSON(
                index: $0.index, layer: $0.layer.summary, outputShape: $0.outputShape, parameters: $0.parameters,
                forwardFLOPs: $0.forwardFLOPs, activationElements: $0.activationElements)
        }
        parameters = a.parameters
        forwardFLOPs = a.forwardFLOPs
        trainingFLOPsPerSample = a.trainingFLOPsPerSample
        activationElements = a.activationElements
        parameterBytesFP32 = a.parameterBytes()
        activationBytesFP32 = a.activationBytes()
    }

    enum CodingKeys: String, CodingKey {
        case name, input, layers, parameters
        case forwardFLOPs = "forward_flops", trainingFLOPsPerSample = "training_flops_per_sample"
        case activationElements = "activation_elements", parameterBytesFP32 = "parameter_bytes_fp32"
        case activationBytesFP32 = "activation_bytes_fp32"
    }
}
