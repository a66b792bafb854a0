import FootprintCore
import Foundation
import Testing

@testable import FootprintModels

/// The graph form: named nodes with explicit inputs; keys, types and names that do not resolve
/// are refused with what is valid.
@Suite struct SpecGraphFormTests {
    func read(_ json: String) throws -> SpecModel { try SpecModel.parse(Data(json.utf8)) }

    /// The error reading and counting `json` gives; nil when it counts.
    func refusal(_ json: String) -> (any Error)? {
        do {
            _ = try read(json).count()
            return nil
        } catch {
            return error
        }
    }

    @Test func aResidualBlockAddsItsInputBack() throws {
        let count = try read(
            #"""
            {"name": "block", "input": [64, 56, 56], "nodes": [
              {"name": "conv", "type": "conv2d", "filters": 64, "kernel": 3, "padding": 1, "bias": false},
              {"name": "bn", "type": "batchnorm"},
              {"name": "sum", "type": "add", "inputs": ["bn", "input"]},
              {"type": "relu"}]}
            """#
        ).count()
        #expect(count.parameters == 64 * 64 * 9 + 2 * 64)
        #expect(count.nodes.map(\.name) == ["conv", "bn", "sum", "nodes[3]"])
        #expect(count.nodes[2].outputShape == [64, 56, 56])
        #expect(count.nodes[2].forwardFLOPs == Double(64 * 56 * 56))
        #expect(count.notes.isEmpty)
    }

    @Test func branchesJoinByConcatAndNamedInputsFeedThem() throws {
        let model = try read(
            #"""
            {"inputs": {"image": [3, 32, 32], "mask": [1, 32, 32]}, "nodes": [
              {"name": "a", "type": "conv2d", "inputs": "image", "filters": 5, "kernel": 3, "padding": "same", "activation": "relu"},
              {"name": "b", "type": "maxpool2d", "inputs": "mask", "size": 3, "stride": 1, "padding": 1},
              {"name": "joined", "type": "concat", "inputs": ["a", "b"]},
              {"name": "head", "type": "conv2d", "filters": 2, "kernel": 1},
              {"name": "unused", "type": "globalavgpool", "inputs": "a"}],
             "outputs": ["head"]}
            """#)
        let count = try model.count()
        #expect(count.input == "image [3, 32, 32], mask [1, 32, 32]")
        #expect(count.inputElements == 4 * 32 * 32)
        #expect(count.nodes.map(\.name) == ["a", "a.relu", "b", "joined", "head", "unused"])
        #expect(count.nodes[3].outputShape == [6, 32, 32])
        #expect(count.nodes[5].outputShape == [5])
        #expect(count.notes == ["node \"unused\" feeds no output; counted all the same"])
        #expect(model.labNetwork == nil)
    }

    @Test func aChainOfTheLabsLayersIsStillALabNetwork() throws {
        let model = try read(
            #"{"name": "chain", "input": [8], "nodes": [{"name": "h", "type": "dense", "units": 4, "activation": "relu"}, {"type": "dense", "units": 2}]}"#
        )
        #expect(
            model.labNetwork
                == ModelSpec.mlp(inputs: 8, depth: 1, width: 4, classes: 2).with(name: "chain", softmax: false))
    }

    @Test func badGraphsAreRefusedNamingThePlace() {
        #expect(
            refusal(#"{"input": [4], "nodes": [{"type": "dense", "units": 2}], "layers": []}"#).is(
                .invalidValue, saying: "not both"))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"type": "dense", "units": 2}], "output": "x"}"#).is(
                .unknownKey,
                saying:
                    "the spec has an unknown key \"output\"; a spec in the graph form takes \"name\", \"input\", \"inputs\", \"nodes\", \"outputs\""
            ))
        #expect(
            refusal(
                #"{"input": [4], "nodes": [{"name": "a", "type": "dense", "units": 2, "inputs": ["b"]}, {"name": "b", "type": "relu", "inputs": "a"}]}"#
            ).is(.badGraph, saying: "nodes[0].inputs (\"a\", dense) names \"b\", nodes[1], which comes after it"))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"name": "a", "type": "relu", "inputs": "a"}]}"#).is(
                .badGraph, saying: "which comes from the node itself"))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"name": "a", "type": "relu", "inputs": "x"}]}"#).is(
                .badGraph, saying: "names \"x\", which no node or model input is called; the inputs are \"input\""))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"name": "a", "type": "relu"}, {"name": "a", "type": "relu"}]}"#).is(
                .badGraph, saying: "nodes[0] and nodes[1] are both named \"a\""))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"name": "input", "type": "relu"}]}"#).is(
                .badGraph, saying: "as a model input is"))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"name": "a", "type": "add"}]}"#).is(
                .badGraph, saying: "nodes[0] (\"a\", add) takes 2 or more inputs; got 1"))
        #expect(
            refusal(#"{"input": [4], "layers": [{"type": "dense", "units": 4}, {"type": "add"}]}"#).is(
                .badGraph, saying: "write the model in the graph form"))
        #expect(
            refusal(#"{"input": [4], "nodes": [{"type": "relu"}], "outputs": ["nope"]}"#).is(
                .badGraph, saying: "\"outputs\" names \"nope\", which no node is called"))
        #expect(
            refusal(#"{"inputs": {"a": [4], "b": [4]}, "nodes": [{"type": "relu"}]}"#).is(
                .badGraph, saying: "nodes[0] (relu) needs \"inputs\": the model has several, \"a\", \"b\""))
        #expect(
            refusal(
                #"{"input": [4, 2], "nodes": [{"name": "x", "type": "relu"}, {"type": "add", "inputs": ["x", "input", "x"]}, {"type": "concat", "inputs": ["x", "input"], "axis": 2}]}"#
            ).is(
                .shapeMismatch,
                saying:
                    "nodes[2] (concat axis 2) gets input [4, 2] and [4, 2]; axis 2 is outside inputs of 2 dimensions"))
    }

    @Test func unknownKeysAndTypesAreErrorsListingTheValidOnes() {
        #expect(
            refusal(
                #"{"input": [3, 8, 8], "nodes": [{"name": "c", "type": "conv2d", "filters": 4, "kernel": 3, "use_bias": false}]}"#
            ).is(
                .unknownKey,
                saying:
                    "nodes[0] (\"c\", conv2d) has an unknown key \"use_bias\"; conv2d takes \"filters\", \"kernel\", \"stride\", \"padding\", \"dilation\", \"groups\", \"bias\", \"name\", \"inputs\", \"activation\""
            ))
        #expect(
            refusal(#"{"input": [3, 8, 8], "layers": [{"type": "maxpool2d", "size": 2, "name": "p"}]}"#).is(
                .unknownKey,
                saying:
                    "layers[0] (layer 1, maxpool2d) has an unknown key \"name\"; maxpool2d takes \"size\", \"stride\", \"padding\", \"ceil_mode\", \"activation\""
            ))
        #expect(
            refusal(#"{"input": [3, 8, 8], "nodes": [{"type": "conv2", "filters": 4}]}"#).is(
                .unknownLayerType, saying: "nodes[0].type must be one of add, "))
        #expect(
            refusal(#"{"input": [3, 8, 8], "layer": []}"#).is(
                .unknownKey, saying: "the spec has an unknown key \"layer\""))
        #expect(
            refusal(#"{"input": [3, 8, 8], "nodes": [{"name": "x", "type": 5}]}"#).is(
                .invalidValue, saying: "nodes[0] (\"x\") needs a \"type\", one of add, "))
        #expect(
            refusal(#"{"input": [3, 8, 8], "nodes": [{"name": "x", "type": 5}]}"#).is(.invalidValue, saying: "; got 5"))
    }
}

extension ModelSpec {
    /// The same network under another name, its closing softmax dropped when asked.
    func with(name: String, softmax: Bool) -> ModelSpec {
        ModelSpec(name: name, input: input, layers: softmax ? layers : layers.filter { $0 != .softmax })
    }
}

extension Optional where Wrapped == any Error {
    /// Whether this is a ``ModelError`` of `reason` whose message contains `words`.
    func `is`(_ reason: ModelError.Reason, saying words: String) -> Bool {
        guard let error = self as? ModelError else { return false }
        return error.reason == reason && error.message.contains(words)
    }
}
