"""Writes the graph-form spec fixtures and their reference counts from PyTorch.

Each network is written here in PyTorch, after its paper and torchvision's layout (ResNet: He et al.
2016; MobileNetV2: Sandler et al. 2018; the Inception block: Szegedy et al. 2015, GoogLeNet's 3a;
a small U-Net: Ronneberger et al. 2015). Its spec is derived from the same module by tracing it with
torch.fx, so the spec and the reference describe one network; the reference counts come from
PyTorch itself:

- parameters: sum(p.numel() for p in model.parameters()) (batch-norm running statistics are
  buffers, not parameters, in PyTorch as in Footprint);
- flops: torch.utils.flop_counter.FlopCounterMode for one sample. It counts convolutions and matrix
  products only (2 FLOPs per multiply-add) and no bias adds, so bias_adds (one per output of every
  biased convolution and linear layer) is written beside it: Footprint's conv and dense FLOPs are
  flops + bias_adds.

The published torchvision parameter counts are asserted, so a slip in a network fails here.

Run with a Python that has torch (no torchvision needed):
    python make_spec_fixtures.py            # writes *.json here and the examples in Examples/
"""

import json
import operator
import os

import torch
import torch.fx
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "Examples"))


# --- the networks ---------------------------------------------------------------------------


def conv_bn(cin, cout, kernel, stride=1, padding=0, groups=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False), nn.BatchNorm2d(cout)
    )


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, width, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.relu2 = nn.ReLU()
        self.downsample = conv_bn(cin, width, 1, stride) if stride != 1 or cin != width else None

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu1(self.bn1(self.conv1(x)))))
        shortcut = self.downsample(x) if self.downsample is not None else x
        return self.relu2(out + shortcut)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, width, stride):
        super().__init__()
        cout = width * 4
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)  # torchvision's v1.5: stride here
        self.bn2 = nn.BatchNorm2d(width)
        self.relu2 = nn.ReLU()
        self.conv3 = nn.Conv2d(width, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.relu3 = nn.ReLU()
        self.downsample = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        out = self.relu1(self.bn1(self.conv1(x)))
        out = self.relu2(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        shortcut = self.downsample(x) if self.downsample is not None else x
        return self.relu3(out + shortcut)


class ResNet(nn.Module):
    def __init__(self, block, counts, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        cin, layers = 64, []
        for stage, (width, count) in enumerate(zip([64, 128, 256, 512], counts)):
            blocks = []
            for index in range(count):
                blocks.append(block(cin, width, 2 if stage > 0 and index == 0 else 1))
                cin = width * block.expansion
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        layers = []
        if expand != 1:
            layers += [conv_bn(cin, hidden, 1), nn.ReLU6()]
        layers += [conv_bn(hidden, hidden, 3, stride, 1, groups=hidden), nn.ReLU6(), conv_bn(hidden, cout, 1)]
        self.conv = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.conv(x) if self.residual else self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        settings = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                    (6, 320, 1, 1)]
        layers, cin = [conv_bn(3, 32, 3, 2, 1), nn.ReLU6()], 32
        for expand, cout, count, stride in settings:
            for index in range(count):
                layers.append(InvertedResidual(cin, cout, stride if index == 0 else 1, expand))
                cin = cout
        layers += [conv_bn(cin, 1280, 1), nn.ReLU6()]
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(0.2)
        self.classifier = nn.Linear(1280, classes)

    def forward(self, x):
        return self.classifier(self.dropout(torch.flatten(self.pool(self.features(x)), 1)))


class InceptionBlock(nn.Module):
    """GoogLeNet's inception (3a) on its 192×28×28 input: four branches joined along the channels."""

    def __init__(self):
        super().__init__()
        self.branch1 = nn.Sequential(nn.Conv2d(192, 64, 1), nn.ReLU())
        self.branch2 = nn.Sequential(nn.Conv2d(192, 96, 1), nn.ReLU(), nn.Conv2d(96, 128, 3, padding=1), nn.ReLU())
        self.branch3 = nn.Sequential(nn.Conv2d(192, 16, 1), nn.ReLU(), nn.Conv2d(16, 32, 5, padding=2), nn.ReLU())
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, 1, 1), nn.Conv2d(192, 32, 1), nn.ReLU())

    def forward(self, x):
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1)


class UNet(nn.Module):
    """A two-level U-Net: encoder, bottleneck, a transposed-conv decoder joined to the encoder by concat."""

    def __init__(self, channels=1, classes=2, width=16):
        super().__init__()

        def double(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                                 nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU())

        self.enc1, self.enc2 = double(channels, width), double(width, 2 * width)
        self.pool1, self.pool2 = nn.MaxPool2d(2), nn.MaxPool2d(2)
        self.bottom = double(2 * width, 4 * width)
        self.up2 = nn.ConvTranspose2d(4 * width, 2 * width, 2, stride=2)
        self.dec2 = double(4 * width, 2 * width)
        self.up1 = nn.Upsample(scale_factor=2, mode="bilinear")
        self.dec1 = double(3 * width, width)
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool1(e1))
        b = self.bottom(self.pool2(e2))
        d2 = self.dec2(torch.cat([self.up2(b), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.head(d1)


# --- a PyTorch module as a graph-form spec ----------------------------------------------------


def pair(value):
    values = list(value) if isinstance(value, (tuple, list)) else [value]
    return values[0] if all(v == values[0] for v in values) else values


def layer_of(module):
    """The spec keys of one leaf module."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        transposed = isinstance(module, nn.ConvTranspose2d)
        keys = {"type": "convtranspose2d" if transposed else "conv2d", "filters": module.out_channels,
                "kernel": pair(module.kernel_size)}
        if pair(module.stride) != 1:
            keys["stride"] = pair(module.stride)
        if pair(module.padding) != 0:
            keys["padding"] = pair(module.padding)
        if pair(module.dilation) != 1:
            keys["dilation"] = pair(module.dilation)
        if module.groups != 1:
            keys["groups"] = module.groups
        if module.bias is None:
            keys["bias"] = False
        return keys
    if isinstance(module, nn.BatchNorm2d):
        return {"type": "batchnorm"}
    if isinstance(module, nn.ReLU6):
        return {"type": "relu6"}
    if isinstance(module, nn.ReLU):
        return {"type": "relu"}
    if isinstance(module, nn.MaxPool2d):
        keys = {"type": "maxpool2d", "size": pair(module.kernel_size)}
        if pair(module.stride) != pair(module.kernel_size):
            keys["stride"] = pair(module.stride)
        if pair(module.padding) != 0:
            keys["padding"] = pair(module.padding)
        return keys
    if isinstance(module, nn.AdaptiveAvgPool2d):
        assert pair(module.output_size) == 1
        return {"type": "globalavgpool"}
    if isinstance(module, nn.Linear):
        keys = {"type": "dense", "units": module.out_features}
        if module.bias is None:
            keys["bias"] = False
        return keys
    if isinstance(module, nn.Dropout):
        return {"type": "dropout", "rate": module.p}
    if isinstance(module, nn.Upsample):
        return {"type": "upsample", "scale": int(module.scale_factor), "mode": module.mode}
    raise ValueError(f"no spec layer for {module}")


def spec_of(model, name, shape):
    graph = torch.fx.symbolic_trace(model).graph
    modules = dict(model.named_modules())
    nodes, produced, previous = [], {}, "input"
    for node in graph.nodes:
        if node.op == "placeholder":
            produced[node.name] = "input"
            continue
        if node.op == "output":
            break
        if node.op == "call_module":
            keys = layer_of(modules[node.target])
            label = node.target
        elif node.target is operator.add:
            keys, label = {"type": "add"}, node.name
        elif node.target is torch.cat:
            assert node.args[1] == 1 or node.kwargs.get("dim") == 1
            keys, label = {"type": "concat"}, node.name
        elif node.target is torch.flatten:
            keys, label = {"type": "flatten"}, node.name
        else:
            raise ValueError(f"no spec layer for {node.op} {node.target}")
        found = []
        torch.fx.node.map_arg(node.args, found.append)
        sources = [produced[arg.name] for arg in found]
        entry = {"name": label, "type": keys.pop("type")}
        if sources != [previous]:
            entry["inputs"] = sources
        entry.update(keys)
        nodes.append(entry)
        produced[node.name] = label
        previous = label
    return {"name": name, "input": list(shape), "nodes": nodes}


def reference(model, shape):
    model.eval()
    parameters = sum(p.numel() for p in model.parameters())
    bias_adds = 0

    def count_bias(module, _inputs, output):
        nonlocal bias_adds
        if getattr(module, "bias", None) is not None and isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            bias_adds += output.numel()

    hooks = [m.register_forward_hook(count_bias) for m in model.modules()]
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(torch.zeros(1, *shape))
    for hook in hooks:
        hook.remove()
    return {"parameters": parameters, "flops": counter.get_total_flops(), "bias_adds": bias_adds}


def write(path, value):
    with open(path, "w") as file:
        # One node per line: readable, and diffs stay small.
        if "nodes" in value:
            file.write("{\n")
            file.write(f'  "name": {json.dumps(value["name"])},\n  "input": {json.dumps(value["input"])},\n')
            file.write('  "nodes": [\n')
            file.write(",\n".join("    " + json.dumps(node) for node in value["nodes"]))
            file.write("\n  ]\n}\n")
        else:
            json.dump(value, file, indent=2)
            file.write("\n")


def main():
    torch.manual_seed(0)
    networks = [
        ("resnet18", ResNet(BasicBlock, [2, 2, 2, 2]), [3, 224, 224], 11_689_512, HERE),
        ("resnet50", ResNet(Bottleneck, [3, 4, 6, 3]), [3, 224, 224], 25_557_032, EXAMPLES),
        ("mobilenet-v2", MobileNetV2(), [3, 224, 224], 3_504_872, EXAMPLES),
        ("inception-3a", InceptionBlock(), [192, 28, 28], None, HERE),
        ("unet-small", UNet(), [1, 64, 64], None, HERE),
    ]
    expected = {}
    for name, model, shape, published, folder in networks:
        counts = reference(model, shape)
        if published is not None:
            assert counts["parameters"] == published, (name, counts["parameters"], published)
        counts["file"] = os.path.relpath(os.path.join(folder, name + ".json"), HERE)
        expected[name] = counts
        write(os.path.join(folder, name + ".json"), spec_of(model, name, shape))
    write(os.path.join(HERE, "expected.json"), expected)
    print(json.dumps(expected, indent=2))


if __name__ == "__main__":
    main()
