/// Decodes the ONNX messages Footprint reads from the wire, field by field. Unknown fields are
/// skipped (newer files still read); a field of the wrong encoding or a message that breaks off
/// throws ``WireError``.
struct ONNXDecoder {
    /// How deep graphs may nest in attributes (the bodies of If and Loop): deeper files are refused
    /// rather than risking the stack.
    static let nestingLimit = 16
    /// The most dimensions a tensor may have (ONNX models use at most 8 or so).
    static let rankLimit = 64
    /// The most values an attribute's list may hold (kernels, pads, perms: a handful).
    static let listLimit = 1 << 16

    let bytes: UnsafeRawBufferPointer

    /// The model in the whole buffer.
    func model() throws(WireError) -> ONNXModel {
        var reader = WireReader(bytes, range: 0..<bytes.count)
        var model = ONNXModel()
        var sawGraph = false
        while let field = try reader.next() {
            switch field.number {
            case 1: model.irVersion = try reader.int(field)
            case 2: model.producer = try reader.string(field)
            case 3: model.producerVersion = try reader.string(field)
            case 7:
                model.graph = try graph(reader.nested(try lengthDelimited(field)), depth: 0)
                sawGraph = true
            case 8:
                var opset = reader.nested(try lengthDelimited(field))
                var domain = ""
                var version: Int64 = 0
                while let inner = try opset.next() {
                    switch inner.number {
                    case 1: domain = try opset.string(inner)
                    case 2: version = try opset.int(inner)
                    default: break
                    }
                }
                model.opsets.append((domain, version))
            default: break
            }
        }
        guard sawGraph else { throw WireError(offset: bytes.count, problem: "no graph in the model") }
        // Every model since IR version 3 names its operator sets; a file without any has lost its end.
        guard !model.opsets.isEmpty else { throw WireError(offset: bytes.count, problem: "no operator set imported") }
        return model
    }

    private func lengthDelimited(_ field: WireReader.Field) throws(WireError) -> WireReader.Field {
        guard field.wireType == .lengthDelimited else {
            throw WireError(offset: field.range.lowerBound, problem: "field \(field.number) is not a message")
        }
        return field
    }

    func graph(_ reader: WireReader, depth: Int) throws(WireError) -> ONNXGraph {
        guard depth <= ONNXDecoder.nestingLimit else {
            throw WireError(
                offset: reader.position, problem: "graphs nested more than \(ONNXDecoder.nestingLimit) deep")
        }
        var reader = reader
        var graph = ONNXGraph()
        while let field = try reader.next() {
            switch field.number {
            case 1: graph.nodes.append(try node(reader.nested(try lengthDelimited(field)), depth: depth))
            case 2: graph.name = try reader.string(field)
            case 5: graph.initializers.append(try tensor(reader.nested(try lengthDelimited(field))))
            case 15: graph.initializers.append(try sparseTensor(reader.nested(try lengthDelimited(field))))
            case 11: graph.inputs.append(try valueInfo(reader.nested(try lengthDelimited(field))))
            case 12: graph.outputs.append(try valueInfo(reader.nested(try lengthDelimited(field))))
            case 13: graph.valueInfo.append(try valueInfo(reader.nested(try lengthDelimited(field))))
            default: break
            }
        }
        return graph
    }

    func node(_ reader: WireReader, depth: Int) throws(WireError) -> ONNXNode {
        var reader = reader
        var node = ONNXNode()
        while let field = try reader.next() {
            switch field.number {
            case 1: node.inputs.append(try reader.string(field))
            case 2: node.outputs.append(try reader.string(field))
            case 3: node.name = try reader.string(field)
            case 4: node.opType = try reader.string(field)
            case 7: node.domain = try reader.string(field)
            case 5:
                let (name, value) = try attribute(reader.nested(try lengthDelimited(field)), depth: depth)
                node.attributes[name] = value
            default: break
            }
        }
        return node
    }

    func attribute(_ reader: WireReader, depth: Int) throws(WireError) -> (String, ONNXAttribute) {
        var reader = reader
        var name = ""
        var value = ONNXAttribute.other
        var ints: [Int64] = []
        var floats: [Double] = []
        var type: Int64 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: name = try reader.string(field)
            case 20: type = try reader.int(field)
            case 2:
                guard field.wireType == .fixed32 else {
                    throw WireError(offset: field.range.lowerBound, problem: "attribute float is not 32 bits")
                }
                value = .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: field.value))))
            case 3: value = .int(try reader.int(field))
            case 4: value = .string(try reader.string(field))
            case 5: value = .tensor(try tensor(reader.nested(try lengthDelimited(field))))
            case 6: value = .graph(try graph(reader.nested(try lengthDelimited(field)), depth: depth + 1))
            case 7: try reader.floats(field, into: &floats, limit: ONNXDecoder.listLimit + 1)
            case 8: try reader.ints(field, into: &ints, limit: ONNXDecoder.listLimit + 1)
            default: break
            }
        }
        guard ints.count <= ONNXDecoder.listLimit, floats.count <= ONNXDecoder.listLimit else {
            throw WireError(
                offset: reader.position, problem: "attribute \(name) lists more than \(ONNXDecoder.listLimit) values")
        }
        // AttributeType: FLOATS = 6, INTS = 7; an empty list has no elements on the wire, only its type.
        if type == 7 || (!ints.isEmpty && type == 0) { value = .ints(ints) }
        if type == 6 || (!floats.isEmpty && type == 0) { value = .floats(floats) }
        return (name, value)
    }

    func tensor(_ reader: WireReader) throws(WireError) -> ONNXTensor {
        var reader = reader
        var tensor = ONNXTensor()
        var dims: [Int64] = []
        var raw: Range<Int>?
        var ints: [Int64] = []
        var floats: [Double] = []
        let limit = ONNXTensor.decodedLimit + 1
        while let field = try reader.next() {
            switch field.number {
            case 1: try reader.ints(field, into: &dims, limit: ONNXDecoder.rankLimit + 1)
            case 2: tensor.dataType = Int32(truncatingIfNeeded: try reader.int(field))
            case 8: tensor.name = try reader.string(field)
            case 9: raw = try lengthDelimited(field).range
            case 4: try reader.floats(field, into: &floats, limit: limit)
            case 5, 7, 11: try reader.ints(field, into: &ints, limit: limit)
            case 10:
                // double_data: 8-byte values; decoded through their bit patterns.
                if field.wireType == .lengthDelimited, field.range.count % 8 == 0 {
                    floats += reader.littleEndian(field.range.prefix(8 * limit), width: 8, signed: false)
                        .map { Double(bitPattern: UInt64(bitPattern: $0)) }
                }
            case 14: tensor.isExternal = try reader.int(field) == 1
            default: break
            }
        }
        guard dims.count <= ONNXDecoder.rankLimit, dims.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }) else {
            throw WireError(offset: reader.position, problem: "tensor \(tensor.name) has a dimension of \(dims)")
        }
        tensor.dims = dims.map { Int($0) }
        // Only what shapes need is decoded: integer tensors (shapes, axes, pads) and a few floats (a
        // resize's scales); weights stay where they are.
        let decoded = tensor.isFloat ? ONNXTensor.decodedFloatLimit : ONNXTensor.decodedLimit
        guard let count = tensor.elementCount, count <= decoded, tensor.isFloat || tensor.isInteger, !tensor.isExternal
        else { return tensor }
        if let raw {
            tensor.values = decodeRaw(raw, type: tensor.dataType, count: count, reader: reader)
        } else if !ints.isEmpty || !floats.isEmpty || count == 0 {
            tensor.values = ints.isEmpty ? floats : ints.map { Double($0) }
            if tensor.values?.count != count { tensor.values = nil }
        }
        return tensor
    }

    private func decodeRaw(_ range: Range<Int>, type: Int32, count: Int, reader: WireReader) -> [Double]? {
        let values: [Double]
        switch type {
        case 7: values = reader.littleEndian(range, width: 8, signed: true).map { Double($0) }
        case 13: values = reader.littleEndian(range, width: 8, signed: false).map { Double(UInt64(bitPattern: $0)) }
        case 6: values = reader.littleEndian(range, width: 4, signed: true).map { Double($0) }
        case 12: values = reader.littleEndian(range, width: 4, signed: false).map { Double($0) }
        case 5: values = reader.littleEndian(range, width: 2, signed: true).map { Double($0) }
        case 4: values = reader.littleEndian(range, width: 2, signed: false).map { Double($0) }
        case 3: values = reader.littleEndian(range, width: 1, signed: true).map { Double($0) }
        case 2, 9: values = reader.littleEndian(range, width: 1, signed: false).map { Double($0) }
        case 1:
            values = reader.littleEndian(range, width: 4, signed: false).map {
                Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))
            }
        case 11:
            values = reader.littleEndian(range, width: 8, signed: false).map {
                Double(bitPattern: UInt64(bitPattern: $0))
            }
        default: return nil
        }
        return values.count == count ? values : nil
    }

    /// A sparse initializer: its dense shape (field 3) with the name and type of its values (field 1);
    /// counted as the dense tensor it stands for, as PyTorch counts a pruned weight.
    func sparseTensor(_ reader: WireReader) throws(WireError) -> ONNXTensor {
        var reader = reader
        var tensor = ONNXTensor()
        var dims: [Int64] = []
        while let field = try reader.next() {
            switch field.number {
            case 1:
                let values = try self.tensor(reader.nested(try lengthDelimited(field)))
                tensor.name = values.name
                tensor.dataType = values.dataType
            case 3: try reader.ints(field, into: &dims, limit: ONNXDecoder.rankLimit + 1)
            default: break
            }
        }
        guard dims.count <= ONNXDecoder.rankLimit, dims.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }) else {
            throw WireError(offset: reader.position, problem: "sparse tensor \(tensor.name) has a dimension of \(dims)")
        }
        tensor.dims = dims.map { Int($0) }
        return tensor
    }

    func valueInfo(_ reader: WireReader) throws(WireError) -> ONNXValueInfo {
        var reader = reader
        var info = ONNXValueInfo()
        while let field = try reader.next() {
            switch field.number {
            case 1: info.name = try reader.string(field)
            case 2:
                // TypeProto: tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1, dim_param = 2 } } }
                var type = reader.nested(try lengthDelimited(field))
                while let typeField = try type.next() {
                    guard typeField.number == 1 else { continue }
                    var tensorType = type.nested(try lengthDelimited(typeField))
                    while let tensorField = try tensorType.next() {
                        switch tensorField.number {
                        case 1: info.elementType = Int32(truncatingIfNeeded: try tensorType.int(tensorField))
                        case 2: info.shape = try shape(tensorType.nested(try lengthDelimited(tensorField)))
                        default: break
                        }
                    }
                }
            default: break
            }
        }
        return info
    }

    private func shape(_ reader: WireReader) throws(WireError) -> [ONNXValueInfo.Dim] {
        var reader = reader
        var dims: [ONNXValueInfo.Dim] = []
        while let field = try reader.next() {
            guard field.number == 1 else { continue }
            var dimReader = reader.nested(try lengthDelimited(field))
            var dim = ONNXValueInfo.Dim.unknown
            while let dimField = try dimReader.next() {
                switch dimField.number {
                case 1: dim = .value(Int(clamping: try dimReader.int(dimField)))
                case 2: dim = .param(try dimReader.string(dimField))
                default: break
                }
            }
            dims.append(dim)
        }
        return dims
    }
}
