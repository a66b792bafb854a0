"""Exports Hugging Face models (random weights from their default configurations, nothing
downloaded) to ONNX in a temporary folder and prints PyTorch's counts beside `footprint model show`'s.
Not run by the tests (the files are hundreds of MB); run by hand:
    /opt/footprint-torch/bin/python check_transformers.py path/to/footprint
"""
import json, os, subprocess, sys, tempfile
import torch
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode
import transformers

footprint = sys.argv[1]
LENGTH = 128
models = [
    ("bert-base", transformers.BertModel(transformers.BertConfig(), add_pooling_layer=True)),
    ("gpt2-small", transformers.GPT2Model(transformers.GPT2Config())),
]
class Wrapped(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids):
        out = self.model(input_ids=ids, return_dict=True)
        # BERT's pooled output too, so that the pooler is part of the graph.
        return (out.last_hidden_state, out.pooler_output) if getattr(out, "pooler_output", None) is not None else out.last_hidden_state


with tempfile.TemporaryDirectory() as folder:
    for name, model in models:
        model = Wrapped(model)
        # Freshly initialised tensors are often equal (norm weights 1, biases 0); the exporter would store them once.
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.rand_like(p) * 0.01)
        model.eval()
        ids = torch.randint(0, 1000, (1, LENGTH))
        counter = FlopCounterMode(display=False)
        with counter, sdpa_kernel(SDPBackend.MATH), torch.no_grad():
            model(ids)
        params = sum(p.numel() for p in model.parameters())
        for dynamo in (False, True):
            path = os.path.join(folder, f"{name}-{'dynamo' if dynamo else 'ts'}.onnx")
            kwargs = dict(dynamo=True, external_data=True) if dynamo else dict(dynamo=False, opset_version=17)
            try:
                torch.onnx.export(model, (ids,), path, input_names=["input_ids"], **kwargs)
            except Exception as error:
                print(json.dumps(dict(model=name, exporter="dynamo" if dynamo else "torchscript", export_failed=str(error)[:200])))
                continue
            out = subprocess.run([footprint, "model", "show", path, "--json"], capture_output=True, text=True)
            if out.returncode != 0:
                print(name, dynamo, "error:", out.stderr.strip())
                continue
            d = json.loads(out.stdout)
            if name == "bert-base" and not dynamo:
                try:
                    from onnxruntime.transformers import optimizer
                except ImportError:
                    optimizer = None
                if optimizer:
                    # ONNX Runtime's transformer optimizer: fused SkipLayerNormalization and Gelu.
                    fused = optimizer.optimize_model(path, model_type="bert", num_heads=12, hidden_size=768)
                    fused_path = path.replace(".onnx", "-ort.onnx")
                    fused.save_model_to_file(fused_path)
                    o = json.loads(subprocess.run([footprint, "model", "show", fused_path, "--json"],
                                                  capture_output=True, text=True).stdout)
                    print(json.dumps(dict(model=name, exporter="torchscript + onnxruntime optimizer",
                                          onnx_params=o["parameters"], onnx_forward=o["forward_flops"],
                                          partial=o["partial"], uncounted=o["uncounted"])))
            # Gemm nodes include their bias adds; MatMul nodes are followed by a separate Add.
            matrix = sum(l["forward_flops"] for l in d["layers"] if l["kind"] in ("MatMul", "Gemm", "Conv"))
            print(json.dumps(dict(model=name, exporter="dynamo" if dynamo else "torchscript", torch_params=params,
                                  onnx_params=d["parameters"], torch_matrix_flops=counter.get_total_flops(),
                                  onnx_matrix_and_bias_flops=matrix, onnx_forward=d["forward_flops"],
                                  partial=d["partial"], uncounted=d["uncounted"], notes=d["notes"])))
