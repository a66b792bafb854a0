import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// Files with sizes and settings no model has: refused or counted partial, never a trap.
@Suite struct ONNXHostileTests {
    /// Writes the few ONNX messages these tests need in the protobuf wire format.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7f) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func int(_ number: Int, _ value: Int64) {
            varint(UInt64(number << 3))
            varint(UInt64(bitPattern: value))
        }

        mutating func message(_ number: Int, _ body: [UInt8]) {
            varint(UInt64(number << 3 | 2))
            varint(UInt64(body.count))
            bytes += body
        }

        mutating func string(_ number: Int, _ text: String) { message(number, Array(text.utf8)) }

        static func build(_ fill: (inout Writer) -> Void) -> [UInt8] {
            var writer = Writer()
            fill(&writer)
            return writer.bytes
        }

        /// An INTS attribute.
        static func ints(_ name: String, _ values: [Int64]) -> [UInt8] {
            build { writer in
                writer.string(1, name)
                writer.int(20, 7)
                for value in values { writer.int(8, value) }
            }
        }

        /// An INT attribute.
        static func int(_ name: String, _ value: Int64) -> [UInt8] {
            build { writer in
                writer.string(1, name)
                writer.int(20, 2)
                writer.int(3, value)
            }
        }

        static func node(_ op: String, _ inputs: [String], _ output: String, _ attributes: [[UInt8]] = []) -> [UInt8] {
            build { writer in
                for input in inputs { writer.string(1, input) }
                writer.string(2, output)
                writer.string(3, output)
                writer.string(4, op)
                for attribute in attributes { writer.message(5, attribute) }
            }
        }

        /// A float input of the given sizes; a negative one is written as a dimension with neither a
        /// size nor a name.
        static func input(_ name: String, _ dims: [Int64]) -> [UInt8] {
            build { writer in
                writer.string(1, name)
                writer.message(
                    2,
                    build { type in
                        type.message(
                            1,
                            build { tensor in
                                tensor.int(1, 1)
                                tensor.message(
                                    2,
                                    build { shape in
                                        for dim in dims { shape.message(1, dim < 0 ? [] : build { $0.int(1, dim) }) }
                                    }
                                )
                            })
                    })
            }
        }

        /// An int64 initializer with its values.
        static func constant(_ name: String, _ values: [Int64]) -> [UInt8] {
            build { writer in
                writer.int(1, Int64(values.count))
                writer.int(2, 7)
                writer.string(8, name)
                for value in values { writer.int(7, value) }
            }
        }

        /// A float initializer of the given sizes, without data.
        static func weight(_ name: String, _ dims: [Int64]) -> [UInt8] {
            build { writer in
                for dim in dims { writer.int(1, dim) }
                writer.int(2, 1)
                writer.string(8, name)
            }
        }

        /// A sparse float initializer of the given dense sizes holding `stored` values.
        static func sparse(_ name: String, _ dims: [Int64], stored: Int64) -> [UInt8] {
            build { writer in
                writer.message(1, weight(name, [stored]))
                writer.message(2, constant(name + ".indices", [0]))
                for dim in dims { writer.int(3, dim) }
            }
        }

        static func model(
            nodes: [[UInt8]], inputs: [[UInt8]], initializers: [[UInt8]] = [], sparse: [[UInt8]] = []
        ) -> Data {
            Data(
                build { writer in
                    writer.int(1, 8)
                    writer.message(
                        7,
                        build { graph in
                            for node in nodes { graph.message(1, node) }
                            graph.string(2, "hostile")
                            for initializer in initializers { graph.message(5, initializer) }
                            for initializer in sparse { graph.message(15, initializer) }
                            for input in inputs { graph.message(11, input) }
                        })
                    writer.message(8, build { $0.int(2, 17) })
                })
        }
    }

    static func count(_ data: Data) throws(ModelError) -> ModelCount {
        try ONNXFile.count(data: data, name: "hostile", options: .init()).count
    }

    @Test func anInputOfMoreValuesThanAnyMachineHoldsIsTooLarge() {
        let data = Writer.model(
            nodes: [Writer.node("Relu", ["x"], "y")], inputs: [Writer.input("x", [1 << 40, 1 << 40])])
        #expect(throws: ModelError.self) { try Self.count(data) }
        #expect((try? Self.count(data)) == nil)
    }

    @Test func aDimensionWithNeitherSizeNorNameIsGivenAsInputDotAxis() throws {
        let data = Writer.model(nodes: [Writer.node("Relu", ["x"], "y")], inputs: [Writer.input("x", [1, -1])])
        #expect {
            try Self.count(data)
        } throws: { error in
            (error as? ModelError)?.message == "the graph's dynamic dimension x.1 has no value"
        }
        let count = try ONNXFile.count(data: data, name: "x", options: .init(dimensions: ["x.1": 7])).count
        #expect(count.forwardFLOPs == 7)
    }

    @Test func aNegativeFlattenAxisCountsFromTheRank() throws {
        let data = Writer.model(
            nodes: [Writer.node("Flatten", ["x"], "y", [Writer.int("axis", -1)]), Writer.node("Relu", ["y"], "z")],
            inputs: [Writer.input("x", [2, 3, 4])])
        #expect(try Self.count(data).nodes.last?.outputShape == [6, 4])
    }

    @Test func aSplitIntoMorePartsThanItHasOutputsIsNotCounted() throws {
        let data = Writer.model(
            nodes: [Writer.node("Split", ["x"], "y", [Writer.int("num_outputs", Int64.max), Writer.int("axis", 0)])],
            inputs: [Writer.input("x", [4, 4])])
        #expect(try Self.count(data).uncounted == [.init(name: "Split", occurrences: 1)])
    }

    @Test func aSparseInitializerCountsAsTheDenseWeightItStandsFor() throws {
        let data = Writer.model(
            nodes: [Writer.node("MatMul", ["x", "w"], "y")], inputs: [Writer.input("x", [1, 8])],
            sparse: [Writer.sparse("w", [8, 4], stored: 5)])
        let count = try Self.count(data)
        #expect(count.parameters == 32)
        #expect(count.forwardFLOPs == 2 * 8 * 4)
    }

    @Test func weightsOfMoreValuesThanAnyMachineHoldsAreTooLarge() {
        let data = Writer.model(
            nodes: [Writer.node("MatMul", ["x", "w"], "y")], inputs: [Writer.input("x", [1, 4])],
            initializers: [Writer.weight("w", [Int64(Int32.max), Int64(Int32.max), Int64(Int32.max)])])
        #expect {
            try Self.count(data)
        } throws: { error in
            (error as? ModelError)?.reason == .tooLarge
        }
    }

    @Test(arguments: [
        ("Tile", [Int64.max / 2, 3]),
        ("Reshape", [Int64.max, Int64.max]),
        ("Expand", [1 << 40, 1 << 40]),
        ("ConstantOfShape", [1 << 40, 1 << 40]),
        ("Slice", [Int64.min, Int64.max])
    ])
    func shapeInputsPastEveryLimitAreRefusedOrPartial(op: String, values: [Int64]) {
        let inputs = op == "ConstantOfShape" ? ["v"] : op == "Slice" ? ["x", "v", "v"] : ["x", "v"]
        let data = Writer.model(
            nodes: [Writer.node(op, inputs, "y"), Writer.node("Relu", ["y"], "z")],
            inputs: [Writer.input("x", [4, 4])], initializers: [Writer.constant("v", values)])
        do {
            let count = try Self.count(data)
            #expect(count.isPartial || count.parameters == 0)
        } catch {
            #expect(error.reason == .tooLarge)
        }
    }

    @Test(arguments: [
        ("Conv", [Writer.ints("kernel_shape", [Int64.max, 1]), Writer.ints("strides", [1, 1])]),
        ("Conv", [Writer.ints("strides", [Int64.max, Int64.min])]),
        ("Conv", [Writer.ints("dilations", [1 << 62, 1 << 62])]),
        ("MaxPool", [Writer.ints("kernel_shape", [1 << 40, 1 << 40])]),
        ("ConvTranspose", [Writer.ints("strides", [1 << 31, 1 << 31])]),
        ("Transpose", [Writer.ints("perm", [5, -1])]),
        ("Unsqueeze", [Writer.ints("axes", [Int64.max])])
    ])
    func settingsPastEveryLimitAreRefusedOrPartial(op: String, attributes: [[UInt8]]) {
        let data = Writer.model(
            nodes: [Writer.node(op, ["x", "w"], "y", attributes)], inputs: [Writer.input("x", [1, 2, 8, 8])],
            initializers: [Writer.weight("w", [2, 2, 3, 3])])
        do {
            _ = try Self.count(data)
        } catch {
            #expect(error.reason == .tooLarge)
        }
    }

    /// Bytes of a real model changed at random (a fixed seed): each reads, or is refused with a reason.
    @Test func randomDamageIsAnErrorOrACountNeverACrash() throws {
        let whole = try Data(contentsOf: ONNXFixtureTests.folder.appendingPathComponent("operators.onnx"))
        var state: UInt64 = 13
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var refused = 0
        for _ in 0..<600 {
            var damaged = whole
            for _ in 0..<(1 + Int(next() % 4)) {
                damaged[Int(next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: next())
            }
            do {
                _ = try ONNXFile.count(data: damaged, name: "damaged", options: .init())
            } catch {
                refused += 1
                #expect(!error.message.contains("\n"))
            }
        }
        #expect(refused > 0)
    }
}
