"""Reference parameter counts for the Hugging Face config fixtures in this folder.

Each config.json here states a published model's architecture (sizes, heads, vocabulary) as its
model card's config does. This script builds every model with the transformers implementation of
its family on PyTorch's meta device (shapes only, no memory, no weights downloaded) and writes
reference_counts.json: for each fixture the parameters of the class its `architectures` names and
of the family's base model (AutoModel), each counted as `sum(p.numel() for p in model.parameters())`,
which counts a tied weight once. For a mixture of experts it adds the parameters one token uses:
the total less the experts a token does not visit, (experts - top_k) / experts of every expert bank.

Run: /opt/footprint-torch/bin/python make_reference_counts.py   (torch and transformers installed)
"""

import json
import pathlib

import torch
import transformers

HERE = pathlib.Path(__file__).parent


def count(model):
    return sum(p.numel() for p in model.parameters())


def main():
    out = {"transformers": transformers.__version__, "torch": torch.__version__, "models": {}}
    for path in sorted(HERE.glob("*.json")):
        if path.name == "reference_counts.json":
            continue
        config = transformers.AutoConfig.from_pretrained(str(path))
        architecture = config.architectures[0]
        with torch.device("meta"):
            model = getattr(transformers, architecture)(config)
            base = transformers.AutoModel.from_config(config)
        entry = {"architecture": architecture, "parameters": count(model),
                 "base_model": type(base).__name__, "base_parameters": count(base)}
        experts = getattr(config, "num_local_experts", None)
        if experts:
            top_k = config.num_experts_per_tok
            banks = [m for name, m in model.named_modules() if name.endswith(".experts")]
            held = sum(count(m) for m in banks)
            entry["active_parameters"] = entry["parameters"] - held * (experts - top_k) // experts
        out["models"][path.stem] = entry
        print(path.stem, entry)
    (HERE / "reference_counts.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
