import FootprintCore
import FootprintLab
import FootprintModels

/// `model show`'s table and totals.
enum ModelText {
    static func render(_ count: ModelCount) -> String {
        let repeated = count.nodes.contains { $0.repeats > 1 }
        var headers = ["#", "layer", "output", "parameters", "FLOPs"]
        if repeated { headers.append("×") }
        var table = TextTable(headers, alignments: [.right, .left, .left, .right, .right, .right])
        table.add(["", "input", count.input, "", ""] + (repeated ? [""] : []))
        for (offset, node) in count.nodes.enumerated() {
            table.add(
                [
                    "\(offset + 1)", node.detail.isEmpty ? node.kind : node.detail, shape(node.outputShape),
                    whole(node.parameters), Format.fixed(node.forwardFLOPs, decimals: 0)
                ] + (repeated ? ["\(node.repeats)"] : []))
        }
        table.add(
            ["", "total", "", whole(count.parameters), Format.fixed(count.forwardFLOPs, decimals: 0)]
                + (repeated ? [""] : []))
        let per = count.unit == .token ? "token" : "sample"
        var lines = [Terminal.bold(count.name + (count.isPartial ? " (partial)" : "")), table.render()]
        lines.append(
            "forward     \(Format.significant(count.forwardFLOPs)) FLOP per \(per) (one multiply-add = 2 FLOPs)")
        lines.append("training    \(Format.significant(count.trainingFLOPs)) FLOP per \(per) (3 × forward)")
        lines.append(
            "parameters  \(whole(count.parameters)) (\(bytes(count.parameters * Precision.fp32.bytes)) in fp32)")
        if count.isSparse {
            lines.append("active      \(whole(count.activeParameters)) parameters per \(per)")
        }
        lines.append(
            "activations \(Format.significant(Double(count.activationElements))) values per \(per) "
                + "(\(bytes(count.activationElements * Precision.fp32.bytes)) in fp32)")
        if count.isPartial {
            let names = count.uncounted.map { "\($0.name) ×\($0.occurrences)" }.joined(separator: ", ")
            lines.append("partial     not counted: \(names); every total above is a lower bound")
        }
        lines += count.notes.map { "note        " + $0 }
        return lines.joined(separator: "\n")
    }

    static func shape(_ dims: [Int]) -> String {
        dims.isEmpty ? "" : "[" + dims.map(String.init).joined(separator: ", ") + "]"
    }

    static func whole(_ value: Int) -> String { Format.fixed(Double(value), decimals: 0) }

    static func bytes(_ count: Int) -> String {
        count < 1_024 ? "\(count) B" : TrainingMemory.text(Double(count))
    }
}

/// `model show --json`.
struct ModelJSON: Encodable {
    struct NodeJSON: Encodable {
        var index: Int
        var name: String
        var kind: String
        var layer: String
        var outputShape: [Int]
        var parameters: Int
        var activeParameters: Int
        var forwardFLOPs: Double
        var activationElements: Int
        var repeats: Int
        enum CodingKeys: String, CodingKey {
            case index, name, kind, layer, parameters, repeats
            case outputShape = "output_shape", activeParameters = "active_parameters"
            case forwardFLOPs = "forward_flops", activationElements = "activation_elements"
        }
    }

    struct UncountedJSON: Encodable {
        var name: String
        var occurrences: Int
    }

    var name: String
    var format: String
    var unit: String
    var input: String
    var flopConvention: String
    var layers: [NodeJSON]
    var parameters: Int
    var activeParameters: Int
    var forwardFLOPs: Double
    var trainingFLOPs: Double
    var activationElements: Int
    var parameterBytesFP32: Int
    var activationBytesFP32: Int
    var partial: Bool
    var uncounted: [UncountedJSON]
    var notes: [String]

    init(_ count: ModelCount) {
        name = count.name
        format = count.format.rawValue
        unit = count.unit.rawValue
        input = count.input
        flopConvention = FLOPConvention.statement
        layers = count.nodes.enumerated().map {
            NodeJSON(
                index: $0.offset + 1, name: $0.element.name, kind: $0.element.kind,
                layer: $0.element.detail.isEmpty ? $0.element.kind : $0.element.detail,
                outputShape: $0.element.outputShape, parameters: $0.element.parameters,
                activeParameters: $0.element.activeParameters, forwardFLOPs: $0.element.forwardFLOPs,
                activationElements: $0.element.activationElements, repeats: $0.element.repeats)
        }
        parameters = count.parameters
        activeParameters = count.activeParameters
        forwardFLOPs = count.forwardFLOPs
        trainingFLOPs = count.trainingFLOPs
        activationElements = count.activationElements
        parameterBytesFP32 = count.parameters * Precision.fp32.bytes
        activationBytesFP32 = count.activationElements * Precision.fp32.bytes
        partial = count.isPartial
        uncounted = count.uncounted.map { UncountedJSON(name: $0.name, occurrences: $0.occurrences) }
        notes = count.notes
    }

    enum CodingKeys: String, CodingKey {
        case name, format, unit, input, layers, parameters, partial, uncounted, notes
        case flopConvention = "flop_convention", activeParameters = "active_parameters"
        case forwardFLOPs = "forward_flops", trainingFLOPs = "training_flops"
        case trainingFLOPsPerSample = "training_flops_per_sample"
        case activationElements = "activation_elements", parameterBytesFP32 = "parameter_bytes_fp32"
        case activationBytesFP32 = "activation_bytes_fp32"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(format, forKey: .format)
        try c.encode(unit, forKey: .unit)
        try c.encode(input, forKey: .input)
        try c.encode(flopConvention, forKey: .flopConvention)
        try c.encode(layers, forKey: .layers)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(activeParameters, forKey: .activeParameters)
        try c.encode(forwardFLOPs, forKey: .forwardFLOPs)
        try c.encode(trainingFLOPs, forKey: .trainingFLOPs)
        // The name earlier versions gave the training FLOPs, kept for scripts that read it.
        try c.encode(trainingFLOPs, forKey: .trainingFLOPsPerSample)
        try c.encode(activationElements, forKey: .activationElements)
        try c.encode(parameterBytesFP32, forKey: .parameterBytesFP32)
        try c.encode(activationBytesFP32, forKey: .activationBytesFP32)
        try c.encode(partial, forKey: .partial)
        try c.encode(uncounted, forKey: .uncounted)
        try c.encode(notes, forKey: .notes)
    }
}
