"""Reference counts for the spec format's sequence layers, taken from PyTorch itself.

Run with a Python that has torch (and transformers for the whole models):
    python make_sequence_references.py > references.json
Parameters are sum(p.numel()); FLOPs are torch.utils.flop_counter.FlopCounterMode's total, which
counts matrix products only (2 per multiply-add; addmm's bias add not included), for a batch of one.
The Swift tests compare like with like: the matrix-product part of Footprint's count against these,
and the parameters exactly. Nothing here is downloaded: the models are built from their default
configurations (BertConfig() is BERT-base, GPT2Config() GPT-2 small, T5Config() T5-small,
ViTConfig() ViT-B/16) with random weights.
"""

import json

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode


def flops(module, *inputs, **kwargs):
    counter = FlopCounterMode(display=False)
    # The fused CPU kernel of scaled_dot_product_attention has no FLOP formula, so its two matrix
    # products would go uncounted; the math backend runs them as matmuls, which are counted.
    with counter, torch.no_grad(), sdpa_kernel(SDPBackend.MATH):
        module(*inputs, **kwargs)
    return counter.get_total_flops()


def parameters(module):
    return sum(p.numel() for p in module.parameters())


class GroupedQueryAttention(nn.Module):
    """Attention with `kv_heads` key/value heads shared by groups of query heads, no bias."""

    def __init__(self, d, heads, kv_heads, bias=False):
        super().__init__()
        self.heads, self.kv_heads, self.size = heads, kv_heads, d // heads
        self.q = nn.Linear(d, d, bias=bias)
        self.k = nn.Linear(d, kv_heads * self.size, bias=bias)
        self.v = nn.Linear(d, kv_heads * self.size, bias=bias)
        self.o = nn.Linear(d, d, bias=bias)

    def forward(self, x):
        s = x.shape[1]
        q = self.q(x).view(1, s, self.heads, self.size).transpose(1, 2)
        k = self.k(x).view(1, s, self.kv_heads, self.size).transpose(1, 2)
        v = self.v(x).view(1, s, self.kv_heads, self.size).transpose(1, 2)
        k = k.repeat_interleave(self.heads // self.kv_heads, dim=1)
        v = v.repeat_interleave(self.heads // self.kv_heads, dim=1)
        mask = torch.full((s, s), float("-inf")).triu(1)
        scores = (q @ k.transpose(-1, -2)) / self.size**0.5 + mask
        out = scores.softmax(-1) @ v
        return self.o(out.transpose(1, 2).reshape(1, s, -1))


class GatedFeedForward(nn.Module):
    """SwiGLU: down(silu(gate(x)) * up(x)), no bias."""

    def __init__(self, d, hidden):
        super().__init__()
        self.gate = nn.Linear(d, hidden, bias=False)
        self.up = nn.Linear(d, hidden, bias=False)
        self.down = nn.Linear(hidden, d, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class GatedBlock(nn.Module):
    """A LLaMA-style block: pre-RMSNorm, grouped-query attention, SwiGLU."""

    def __init__(self, d, heads, kv_heads, hidden):
        super().__init__()
        self.norm1, self.norm2 = nn.RMSNorm(d), nn.RMSNorm(d)
        self.attention = GroupedQueryAttention(d, heads, kv_heads)
        self.mlp = GatedFeedForward(d, hidden)

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class MixtureOfExperts(nn.Module):
    """Mixtral's sparse block: a router without bias, top-k of SwiGLU experts, weighted sum."""

    def __init__(self, d, hidden, experts, top_k):
        super().__init__()
        self.top_k = top_k
        self.router = nn.Linear(d, experts, bias=False)
        self.experts = nn.ModuleList(GatedFeedForward(d, hidden) for _ in range(experts))

    def forward(self, x):
        tokens = x.view(-1, x.shape[-1])
        weights, chosen = self.router(tokens).softmax(-1).topk(self.top_k, dim=-1)
        out = torch.zeros_like(tokens)
        for index, expert in enumerate(self.experts):
            rows, slot = (chosen == index).nonzero(as_tuple=True)
            if len(rows):
                out[rows] += weights[rows, slot, None] * expert(tokens[rows])
        return out.view_as(x)


class LSTMClassifier(nn.Module):
    """Token ids to two classes: an embedding, a 2-layer bidirectional LSTM, the final states, dense."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 128)
        self.lstm = nn.LSTM(128, 256, num_layers=2, bidirectional=True, batch_first=True)
        self.classifier = nn.Linear(512, 2)

    def forward(self, tokens):
        _, (final, _) = self.lstm(self.embedding(tokens))
        return self.classifier(torch.cat([final[-2], final[-1]], dim=-1))


def case(name, module, inputs, **kwargs):
    module.train()  # PyTorch's fused inference path for its transformer layers hides the matmuls
    return name, {"parameters": parameters(module), "flops": flops(module, *inputs, **kwargs)}


def layer_cases():
    torch.manual_seed(0)
    d, s = 64, 16
    yield case("gqa_attention", GroupedQueryAttention(d, 8, 2), [torch.randn(1, s, d)])
    cross = nn.MultiheadAttention(64, 4, kdim=32, vdim=32, batch_first=True)
    memory = torch.randn(1, 20, 32)
    yield case("cross_attention", cross, [torch.randn(1, 10, 64), memory, memory], need_weights=False)
    encoder = nn.TransformerEncoderLayer(64, 4, 256, dropout=0.0, activation="gelu", batch_first=True)
    yield case("encoder_post_norm", encoder, [torch.randn(1, s, d)])
    decoder = nn.TransformerDecoderLayer(64, 4, 256, dropout=0.0, norm_first=True, batch_first=True)
    yield case("decoder_pre_norm", decoder, [torch.randn(1, 12, 64), torch.randn(1, 20, 64)])
    yield case("gated_rmsnorm_block", GatedBlock(64, 8, 2, 172), [torch.randn(1, s, d)])
    yield case("moe_top2_of_8", MixtureOfExperts(64, 128, 8, 2), [torch.randn(1, s, d)])
    # oneDNN's fused recurrent kernel is one opaque operator to the counter; without it PyTorch runs
    # the cells as matrix products, which it counts.
    torch._C._set_mkldnn_enabled(False)
    lstm = nn.LSTM(32, 48, num_layers=2, bidirectional=True, batch_first=True)
    yield case("lstm_2_layers_bidirectional", lstm, [torch.randn(1, 10, 32)])
    yield case("gru", nn.GRU(32, 48, batch_first=True), [torch.randn(1, 10, 32)])
    yield case("lstm_classifier_50", LSTMClassifier(), [torch.randint(0, 20000, (1, 50))])


def model_cases():
    try:
        import transformers
    except ImportError:
        return
    transformers.logging.set_verbosity_error()
    bert = transformers.BertModel(transformers.BertConfig(attn_implementation="eager"))
    yield case("bert_base_128", bert, [torch.randint(0, 30522, (1, 128))])
    gpt2 = transformers.GPT2Model(transformers.GPT2Config(attn_implementation="eager"))
    yield case("gpt2_small_1024", gpt2, [torch.randint(0, 50257, (1, 1024))])
    t5 = transformers.T5Model(transformers.T5Config(attn_implementation="eager"))
    encoder_tokens, decoder_tokens = torch.randint(0, 32128, (1, 64)), torch.randint(0, 32128, (1, 32))
    yield case("t5_small_64_32", t5, [encoder_tokens], decoder_input_ids=decoder_tokens)
    vit = transformers.ViTForImageClassification(transformers.ViTConfig(num_labels=1000, attn_implementation="eager"))
    yield case("vit_b16_224", vit, [torch.randn(1, 3, 224, 224)])
    with torch.device("meta"):
        mixtral = transformers.MixtralModel(transformers.MixtralConfig())
    yield "mixtral_8x7b_model", {"parameters": parameters(mixtral)}


if __name__ == "__main__":
    references = dict(layer_cases())
    references.update(model_cases())
    print(json.dumps({"torch": torch.__version__, "cases": references}, indent=2, sort_keys=True))
