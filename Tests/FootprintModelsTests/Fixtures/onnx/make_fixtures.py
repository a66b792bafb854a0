"""Exports the ONNX fixtures of FootprintModelsTests from PyTorch and writes their reference counts.

Run with a Python that has torch, onnx and onnxscript:
    /opt/footprint-torch/bin/python Tests/FootprintModelsTests/Fixtures/onnx/make_fixtures.py

For each model, expected.json holds
- parameters: sum(p.numel() for p in model.parameters()), the weights PyTorch trains
  (BatchNorm's running mean and variance are buffers, not parameters);
- matrix_flops: torch.utils.flop_counter.FlopCounterMode's total for one forward pass of the
  given input. It counts only matrix products and convolutions (mm, addmm, bmm, convolution,
  attention), 2 FLOPs per multiply-add, and never a bias add, a norm or an activation;
- by_operator: FlopCounterMode's counts per aten operator, to see what that total covers.

The models are exported in eval mode (torch.onnx.TrainingMode.EVAL, the exporter's default) by
the TorchScript exporter (dynamo=False, opset 17), with constant folding off so that
BatchNormalization stays a node of its own and is not folded into the Conv before it; the encoder
is exported a second time by the torch.export-based exporter (dynamo=True, opset 20), whose graph
keeps the sequence length symbolic throughout. "dimensions" are the --dim values that give the
example's shape.
"""

import json
import os

import torch
import torch.nn as nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(13)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + self.shortcut(x))


class ResNetSmall(nn.Module):
    """A ResNet-style net: stem with batch norm and padded max pool, two residual stages, global pool, classifier."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 7, 2, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        self.layer1 = BasicBlock(16, 16, 1)
        self.layer2 = BasicBlock(16, 32, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class DepthwiseSeparable(nn.Module):
    """A MobileNet-style inverted residual: 1×1 expand, 3×3 depthwise (groups = channels), 1×1 project."""

    def __init__(self, c=16, expand=4):
        super().__init__()
        h = c * expand
        self.block = nn.Sequential(
            nn.Conv2d(c, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6(),
            nn.Conv2d(h, h, 3, 1, 1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU6(),
            nn.Conv2d(h, c, 1, bias=False), nn.BatchNorm2d(c))
        self.head = nn.Sequential(nn.Conv2d(c, 24, 3, 2, 1, groups=8), nn.Hardswish(), nn.AvgPool2d(2),
                                  nn.Flatten(), nn.Linear(24 * 8 * 8, 10))

    def forward(self, x):
        return self.head(x + self.block(x))


class TinyEncoder(nn.Module):
    """A BERT-style encoder: token and position embeddings, layer norm, two post-norm encoder layers, a pooled head."""

    def __init__(self, vocab=256, d=32, heads=4, ff=64, layers=2, positions=64):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d)
        self.positions = nn.Embedding(positions, d)
        self.norm = nn.LayerNorm(d)
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d, 2)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        x = self.norm(self.tokens(ids) + self.positions(positions))
        x = self.encoder(x)
        return self.head(x.mean(dim=1))


class TinyLSTM(nn.Module):
    """A two-layer LSTM over embedded tokens with a classifier on the last step."""

    def __init__(self, vocab=200, d=24, hidden=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.lstm = nn.LSTM(d, hidden, num_layers=2, batch_first=True)
        self.fc = nn.Linear(hidden, 5)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.fc(out[:, -1, :])


def trained_looking(model):
    """Perturbs every parameter and batch-norm statistic: freshly initialised layers hold equal values (all
    norm weights 1, every copy of a cloned encoder layer the same), and the exporter stores equal tensors
    once, which a trained model would not have."""
    with torch.no_grad():
        for tensor in list(model.parameters()) + [b for b in model.buffers() if b.is_floating_point()]:
            tensor.add_(torch.rand_like(tensor) * 0.1)
    return model


def export(name, model, example, dynamic_axes=None, input_name="input", dimensions=None):
    trained_looking(model).eval()
    path = os.path.join(HERE, name + ".onnx")
    if dynamic_axes == "dynamo":
        # The newer exporter (torch.export): opset 20, shapes symbolic all through the graph.
        shapes = {input_name: {1: torch.export.Dim("sequence", max=64)}}
        torch.onnx.export(model, (example,), path, input_names=[input_name], output_names=["output"],
                          dynamic_shapes=shapes, dynamo=True, external_data=False)
    else:
        torch.onnx.export(model, (example,), path, input_names=[input_name], output_names=["output"],
                          dynamic_axes=dynamic_axes, opset_version=17, dynamo=False, do_constant_folding=False,
                          training=torch.onnx.TrainingMode.EVAL)
    # Grad stays on so that nn.TransformerEncoder takes its ordinary path (the fused inference path
    # is one aten operator FlopCounterMode has no formula for).
    # The math attention kernel and the native LSTM are made of matrix products FlopCounterMode
    # counts; the CPU's fused kernels (flash attention, oneDNN's LSTM) are single operators it has
    # no formula for and would count as 0.
    counter = FlopCounterMode(display=False)
    with counter, sdpa_kernel(SDPBackend.MATH), torch.backends.mkldnn.flags(enabled=False):
        model(example)
    by_op = {str(k): int(v) for k, v in counter.get_flop_counts().get("Global", {}).items()}
    return {
        "file": name + ".onnx",
        "input": list(example.shape),
        "dimensions": dimensions or {},
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "matrix_flops": int(counter.get_total_flops()),
        "by_operator": by_op,
        "bytes": os.path.getsize(path),
    }


def hand_built():
    """Graphs written with onnx.helper for what an export does not show: weights in an external data
    file (the file itself is not kept: the reader must not need it), an operator Footprint does not
    count, and a tiny MLP whose every truncation the tests try."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    rng = np.random.default_rng(13)

    def weights(name, *shape):
        return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)

    mlp = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], transB=1), helper.make_node("Relu", ["h"], ["r"]),
         helper.make_node("Gemm", ["r", "w2", "b2"], ["y"], transB=1)],
        "tiny_mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])],
        [weights("w1", 4, 8), weights("b1", 4), weights("w2", 2, 4), weights("b2", 2)])
    model = helper.make_model(mlp, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_fixtures")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "tiny_mlp.onnx"))

    external = helper.make_model(
        helper.make_graph(
            [helper.make_node("MatMul", ["x", "w"], ["y"])], "external_weights",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 256])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 512])], [weights("w", 256, 512)]),
        opset_imports=[helper.make_opsetid("", 17)], producer_name="make_fixtures")
    path = os.path.join(HERE, "external_weights.onnx")
    onnx.save(external, path, save_as_external_data=True, all_tensors_to_one_file=True,
              location="external_weights.data", size_threshold=0)
    os.remove(os.path.join(HERE, "external_weights.data"))

    partial = helper.make_model(
        helper.make_graph(
            [helper.make_node("Conv", ["x", "w"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Swirl", ["c"], ["s"], domain="com.example"),
             helper.make_node("Relu", ["s"], ["r"]),
             helper.make_node("NonZero", ["r"], ["y"])],
            "partial", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
            [helper.make_tensor_value_info("y", TensorProto.INT64, [4, None])], [weights("w", 4, 3, 3, 3)],
            value_info=[helper.make_tensor_value_info("s", TensorProto.FLOAT, [1, 4, 8, 8])]),
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.example", 1)],
        producer_name="make_fixtures")
    onnx.save(partial, os.path.join(HERE, "partial.onnx"))

    # ONNX Runtime's fused operators, as its transformer optimizer writes them (domain com.microsoft).
    ms = "com.microsoft"
    fused = helper.make_model(
        helper.make_graph(
            [helper.make_node("Attention", ["x", "qkv", "qkv_bias"], ["a"], name="attention", domain=ms, num_heads=4),
             helper.make_node("SkipLayerNormalization", ["a", "x", "gamma", "beta", "skip_bias"], ["s"], name="skip_norm",
                              domain=ms),
             helper.make_node("FusedMatMul", ["s", "up"], ["f"], name="up", domain=ms, transB=1),
             helper.make_node("BiasGelu", ["f", "up_bias"], ["g"], name="gelu", domain=ms),
             helper.make_node("MultiHeadAttention", ["g", "g", "g"], ["y"], name="mha", domain=ms, num_heads=4)],
            "runtime_fused", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16, 32])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 16, 64])],
            [weights("qkv", 32, 96), weights("qkv_bias", 96), weights("gamma", 32), weights("beta", 32),
             weights("skip_bias", 32), weights("up", 64, 32), weights("up_bias", 64)]),
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(ms, 1)], producer_name="make_fixtures")
    onnx.save(fused, os.path.join(HERE, "runtime_fused.onnx"))

    # One of each of the operators an export of a vision or sequence model rarely shows all at once, in
    # opset 23 (axes, splits and pads as inputs; the Attention operator). ONNX's own shape inference gives the reference shape
    # of every node's first output.
    def ints(name, *values):
        return numpy_helper.from_array(np.array(values, dtype=np.int64), name)

    def node(op, inputs, name, outputs=None, **attributes):
        return helper.make_node(op, inputs, outputs or [name], name=name, **attributes)

    nodes = [
        node("ConvTranspose", ["x", "wt", "bt"], "up", strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1]),
        node("Conv", ["up", "wd"], "dilated", dilations=[2, 2], auto_pad="SAME_UPPER"),
        node("MaxPool", ["dilated"], "pool", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        node("AveragePool", ["pool"], "avg", kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1]),
        node("Resize", ["avg", "", "scales"], "resize", mode="linear"),
        node("Pad", ["resize", "pads"], "pad"),
        node("Slice", ["pad", "starts", "ends", "axes", "steps"], "slice"),
        node("Split", ["slice", "split"], "split", outputs=["split_a", "split_b"], axis=1),
        node("Concat", ["split_b", "split_a"], "concat", axis=1),
        node("InstanceNormalization", ["concat", "in_scale", "in_bias"], "instance"),
        node("ReduceMean", ["instance", "mean_axes"], "mean", keepdims=0),
        node("Transpose", ["mean"], "transpose", perm=[0, 2, 1]),
        node("GRU", ["transpose", "gw", "gr", "gb"], "gru", outputs=["gru", "gru_h"], hidden_size=6, layout=1),
        node("Squeeze", ["gru", "squeeze_axes"], "squeeze"),
        node("Unsqueeze", ["squeeze", "unsqueeze_axes"], "unsqueeze"),
        node("Flatten", ["unsqueeze"], "flatten", axis=2),
        node("Gemm", ["flatten", "fw", "fb"], "dense"),
        node("Softmax", ["dense"], "softmax"),
        node("Einsum", ["transpose", "ew"], "einsum", equation="bsd,de->bse"),
        node("Attention", ["einsum", "einsum", "einsum"], "attention", q_num_heads=3, kv_num_heads=3),
    ]
    initializers = [
        weights("wt", 8, 4, 3, 3), weights("bt", 4), weights("wd", 6, 4, 3, 3),
        numpy_helper.from_array(np.array([1, 1, 2, 2], dtype=np.float32), "scales"),
        ints("pads", 0, 0, 1, 1, 0, 0, 1, 1), ints("starts", 1, 0), ints("ends", -1, 2**63 - 1),
        ints("axes", 2, 3), ints("steps", 1, 2), ints("split", 2, 4), weights("in_scale", 6), weights("in_bias", 6),
        ints("mean_axes", 2), weights("gw", 1, 18, 6), weights("gr", 1, 18, 6), weights("gb", 1, 36),
        ints("squeeze_axes", 2), ints("unsqueeze_axes", 0), weights("fw", 9 * 6, 5), weights("fb", 5),
        weights("ew", 6, 12),
    ]
    graph = helper.make_graph(
        nodes, "operators", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 16, 16])],
        [helper.make_tensor_value_info("softmax", TensorProto.FLOAT, None)], initializers)
    operators = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)], producer_name="make_fixtures")
    inferred = onnx.shape_inference.infer_shapes(operators, strict_mode=True)
    onnx.checker.check_model(inferred)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    onnx.save(operators, os.path.join(HERE, "operators.onnx"))
    with open(os.path.join(HERE, "operators_shapes.json"), "w") as f:
        json.dump({n.name: shapes[n.output[0]] for n in nodes}, f, indent=2)
        f.write("\n")


def main():
    hand_built()
    expected = [
        export("resnet_small", ResNetSmall(), torch.randn(1, 3, 64, 64)),
        export("depthwise_separable", DepthwiseSeparable(), torch.randn(1, 16, 32, 32)),
        export("tiny_encoder", TinyEncoder(), torch.randint(0, 256, (1, 48)),
               dynamic_axes={"ids": {0: "batch", 1: "sequence"}, "output": {0: "batch"}}, input_name="ids",
               dimensions={"sequence": 48}),
        export("tiny_encoder_dynamo", TinyEncoder(), torch.randint(0, 256, (1, 48)), dynamic_axes="dynamo",
               input_name="ids", dimensions={"sequence": 48}),
        export("tiny_lstm", TinyLSTM(), torch.randint(0, 200, (1, 20)), input_name="ids"),
    ]
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    for e in expected:
        print(e["file"], e["bytes"], e["parameters"], e["matrix_flops"], e["by_operator"])


if __name__ == "__main__":
    main()
