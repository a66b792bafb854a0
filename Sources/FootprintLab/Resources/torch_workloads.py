#!/usr/bin/env python3
"""The PyTorch engine of `footprint lab experiment --engine pytorch`, shipped inside the footprint binary.

footprint writes this file to a private temporary folder and starts it once per suite, as its own
child process (so that the meter's process scope counts it), with the interpreter given by --python:

    python torch_workloads.py --device cpu|cuda [--threads N]

It answers one JSON line on standard output when it is ready ({"ready": true, "torch": VERSION,
"device": ...}), then reads requests, one JSON object a line, from standard input and answers each
with one JSON line on standard output, in order:

- {"workload": WORKLOAD, "task": NAME or null, "data": {"train_features": PATH, "train_labels": PATH,
  "test_features": PATH, "test_labels": PATH, "inputs": N, "classes": K}}: runs the workload (the
  lab's own Workload JSON) on the data footprint made (features float32 little-endian, row after
  row; labels int32). With a task name, exactly the measured work is marked on the task pipe named
  by FOOTPRINT_TASKS ("start NAME" before it, "stop NAME" after it; on CUDA after a synchronize),
  so that footprint's meter measures it as that task; without one it is a warm-up, not marked.
  The answer: seconds, samples_processed, epochs_run, runs, accuracy, reached_target, nonzero_weights,
  parameter_bytes, trainable_parameters, float16_compute; or {"error": REASON, "message": TEXT}
  with REASON one of invalid-model, invalid-data, missing-weights, weights-mismatch, engine-failed.
- {"forget": true}: drops the weights and data kept so far (each experiment starts from nothing).

It ends when its standard input closes. SIGINT is ignored: Ctrl-C reaches the whole process group,
and footprint, which decides what an interruption means, ends this process itself.

What it computes, as the lab does:
- models from the model spec: dense, conv2d, maxpool2d, avgpool2d, flatten, relu, tanh, sigmoid; a
  final softmax is folded into the cross-entropy loss; PyTorch's default initialisation (uniform in
  ±1/sqrt(fan-in), as the lab's) after torch.manual_seed(seed);
- training: (repeated from the same start until the runs last `minimum_seconds`, as the lab does)
  mini-batches in an order shuffled each epoch by a torch.Generator seeded with the
  workload's seed, SGD with momentum or Adam, mean cross-entropy; with a target accuracy the test
  accuracy is checked after each epoch, inside the measured work; frozen layers (the first N with
  weights) keep requires_grad False and get no optimiser state;
- inference: passes over the training samples in order under torch.inference_mode(), at least
  `epochs` of them and for at least `minimum_seconds`; accuracy on the test set afterwards;
- pruning: global magnitude pruning of the dense and conv weights (not biases) to the exact share;
- float16: on CUDA the model and inputs in half precision, computed natively; on the CPU the weights
  stored in half precision and widened to float32 for each pass, as the lab computes;
- csr: dense and conv weights as torch.sparse_csr tensors with 32-bit indices, conv by unfolding
  the image into patches (im2col) and a sparse-dense product;
- L1-logistic regression by FISTA (Beck & Teboulle 2009) with the lab's step size, and the Lasso by
  cyclic coordinate descent (Friedman, Hastie & Tibshirani 2010) on one-hot targets, all classes
  updated together, each stopping when its largest change falls below 1e-5.
"""
import argparse
import contextlib
import json
import os
import signal
import sys
import time

# Before the slow import of torch: Ctrl-C during it must not end this process either. footprint
# blocks its stop signals in its own threads; a child inherits that mask, and SIGTERM must end it.
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

MAXIMUM_PASSES = 1_000_000


class WorkloadFailure(Exception):
    """A workload this engine cannot run, with the reason footprint matches on."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason
        self.message = message


class Marks:
    """The task pipe: 'start NAME' and 'stop NAME' lines, each in one write."""

    def __init__(self, path, device):
        self.descriptor = os.open(path, os.O_WRONLY) if path else None
        self.device = device

    def write(self, line):
        if self.descriptor is not None:
            os.write(self.descriptor, (line + "\n").encode("utf-8"))

    @contextlib.contextmanager
    def task(self, name):
        """Marks the body as the task `name`; a warm-up (no name) is not marked."""
        if name is None:
            yield
            return
        # Work queued on the GPU before the start belongs to what came before.
        synchronize(self.device)
        self.write("start " + name)
        try:
            yield
            synchronize(self.device)
        finally:
            self.write("stop " + name)


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def read_tensor(path, dtype, shape):
    with open(path, "rb") as source:
        raw = bytearray(source.read())
    if not raw:
        return torch.empty(shape, dtype=dtype)
    return torch.frombuffer(raw, dtype=dtype).reshape(shape)


class Engine:
    def __init__(self, device):
        self.device = device
        self.marks = Marks(os.environ.get("FOOTPRINT_TASKS"), device)
        self.data = {}
        self.networks = {}
        self.linear = {}

    def forget(self):
        self.data = {}
        self.networks = {}
        self.linear = {}
        return {"forgotten": True}

    # Data ---------------------------------------------------------------------------------------

    def load(self, data):
        key = (data["train_features"], data["test_features"])
        if key in self.data:
            return self.data[key]
        try:
            inputs = int(data["inputs"])
            made = []
            for features, labels in (("train_features", "train_labels"), ("test_features", "test_labels")):
                y = read_tensor(data[labels], torch.int32, (-1,)).long()
                x = read_tensor(data[features], torch.float32, (y.numel(), inputs))
                made.append((x.to(self.device), y.to(self.device)))
        except (OSError, KeyError, RuntimeError, ValueError) as failure:
            raise WorkloadFailure("invalid-data", "the data footprint wrote cannot be read: %s" % failure)
        self.data[key] = made
        return made

    # Networks -----------------------------------------------------------------------------------

    def build(self, spec, seed):
        """The torch.nn.Sequential a model spec describes, on the device."""
        torch.manual_seed(seed)
        shape = list(spec.get("input", []))
        if len(shape) not in (1, 3):
            raise WorkloadFailure("invalid-model", "the engine trains on [features] or [channels, height, width]")
        stack = [torch.nn.Unflatten(1, tuple(shape))] if len(shape) == 3 else []
        layers = spec.get("layers", [])
        for index, layer in enumerate(layers):
            kind = layer.get("type")
            at = "layer %d (%s)" % (index + 1, kind)
            if kind == "dense":
                if len(shape) != 1:
                    raise WorkloadFailure("invalid-model", at + " follows an image: add a flatten layer before it")
                stack.append(torch.nn.Linear(shape[0], layer["units"], bias=layer.get("bias", True)))
                shape = [layer["units"]]
            elif kind in ("conv2d", "maxpool2d", "avgpool2d"):
                if len(shape) != 3:
                    raise WorkloadFailure("invalid-model", at + " needs an image input")
                if kind == "conv2d":
                    kernel, stride = layer["kernel"], layer.get("stride", 1)
                    padding = layer.get("padding", "valid")
                    zeros = (kernel - 1) // 2 if padding == "same" else 0 if padding == "valid" else int(padding)
                    stack.append(
                        torch.nn.Conv2d(shape[0], layer["filters"], kernel, stride=stride, padding=zeros,
                                        bias=layer.get("bias", True)))
                    channels = layer["filters"]
                else:
                    kernel, stride, zeros = layer["size"], layer.get("stride", layer["size"]), 0
                    pool = torch.nn.MaxPool2d if kind == "maxpool2d" else torch.nn.AvgPool2d
                    stack.append(pool(kernel, stride=stride))
                    channels = shape[0]
                height = (shape[1] + 2 * zeros - kernel) // stride + 1
                width = (shape[2] + 2 * zeros - kernel) // stride + 1
                if height < 1 or width < 1:
                    raise WorkloadFailure("invalid-model", at + ": the window is larger than its input")
                shape = [channels, height, width]
            elif kind == "flatten":
                stack.append(torch.nn.Flatten())
                total = 1
                for side in shape:
                    total *= side
                shape = [total]
            elif kind == "relu":
                stack.append(torch.nn.ReLU())
            elif kind == "tanh":
                stack.append(torch.nn.Tanh())
            elif kind == "sigmoid":
                stack.append(torch.nn.Sigmoid())
            elif kind == "softmax" and index == len(layers) - 1:
                pass  # folded into the cross-entropy loss
            else:
                raise WorkloadFailure(
                    "invalid-model",
                    at + " is not in the PyTorch engine; it runs dense, conv2d, pooling and flatten layers "
                    "with relu, tanh and sigmoid")
        return torch.nn.Sequential(*stack).to(self.device)

    def network(self, workload):
        model = self.build(json.loads(workload["model"]["spec"]), workload["seed"])
        key = workload.get("initial_weights")
        if key is None:
            return model
        kept = self.networks.get(key)
        if kept is None:
            raise WorkloadFailure("missing-weights", "no earlier workload kept weights under '%s'" % key)
        state = model.state_dict()
        if state.keys() != kept.keys() or any(state[name].shape != kept[name].shape for name in state):
            name = json.loads(workload["model"]["spec"]).get("name", "the model")
            raise WorkloadFailure("weights-mismatch", "the weights kept under '%s' do not fit %s" % (key, name))
        model.load_state_dict(kept)
        return model

    @staticmethod
    def weighted(model):
        """The layers with parameters, in order."""
        return [module for module in model if any(True for _ in module.parameters(recurse=False))]

    def accuracy(self, forward, x, y, batch):
        correct = 0
        with torch.inference_mode():
            for start in range(0, x.shape[0], batch):
                logits = forward(x[start:start + batch])
                correct += int((logits.argmax(dim=1) == y[start:start + batch]).sum().item())
        return correct / max(x.shape[0], 1)

    def prepared(self, workload):
        """The workload's network, its trainable parameters and optimiser, from the start."""
        model = self.network(workload)
        weighted = self.weighted(model)
        freeze = workload.get("freeze", 0)
        if not 0 <= freeze <= len(weighted):
            raise WorkloadFailure(
                "invalid-model",
                "cannot freeze %d layers: the network has %d with parameters" % (freeze, len(weighted)))
        for module in weighted[:freeze]:
            for parameter in module.parameters():
                parameter.requires_grad_(False)
        trainable = [p for p in model.parameters() if p.requires_grad]
        setting = workload["optimizer"]
        optimizer = None
        if trainable and setting["name"] == "adam":
            optimizer = torch.optim.Adam(trainable, lr=setting["learning_rate"])
        elif trainable:
            optimizer = torch.optim.SGD(trainable, lr=setting["learning_rate"], momentum=setting.get("momentum", 0))
        return model, trainable, optimizer

    def train(self, workload, task, data):
        (x, y), (test_x, test_y) = data
        model, trainable, optimizer = self.prepared(workload)
        loss_function = torch.nn.CrossEntropyLoss()
        epochs, batch = workload["epochs"], workload["batch"]
        target = workload.get("target_accuracy")
        minimum = workload.get("minimum_seconds", 0)
        samples = x.shape[0]
        epochs_run, reached, runs, processed = 0, False, 0, 0
        started = time.perf_counter()
        with self.marks.task(task):
            # A training shorter than the meter resolves runs again from the same start until the
            # runs together last `minimum_seconds`, as the lab does; footprint divides by the runs.
            while runs == 0 or time.perf_counter() - started < minimum:
                if runs > 0:
                    model, trainable, optimizer = self.prepared(workload)
                order_source = torch.Generator().manual_seed(workload["seed"] ^ 0x5EED)
                epochs_run, reached = 0, False
                while epochs_run < epochs:
                    order = torch.randperm(samples, generator=order_source).to(self.device)
                    for start in range(0, samples, batch):
                        chosen = order[start:start + batch]
                        loss = loss_function(model(x[chosen]), y[chosen])
                        if optimizer is not None:
                            optimizer.zero_grad(set_to_none=True)
                            loss.backward()
                            optimizer.step()
                    epochs_run += 1
                    processed += samples
                    # The check belongs to the protocol of training to a target, so it is measured.
                    if target is not None and self.accuracy(model, test_x, test_y, batch) >= target:
                        reached = True
                        break
                runs += 1
        seconds = time.perf_counter() - started
        if workload.get("keep_weights") is not None:
            self.networks[workload["keep_weights"]] = {
                name: value.detach().clone() for name, value in model.state_dict().items()}
        parameters = list(model.parameters())
        return {
            "seconds": seconds, "samples_processed": processed, "epochs_run": epochs_run, "runs": runs,
            "accuracy": self.accuracy(model, test_x, test_y, batch),
            "reached_target": None if target is None else reached,
            # Weights only, biases aside, as after inference and in the lab.
            "nonzero_weights": sum(int((m.weight != 0).sum().item()) for m in self.weighted(model)),
            "parameter_bytes": sum(p.numel() for p in parameters) * 4,
            "trainable_parameters": sum(p.numel() for p in trainable),
        }

    def infer(self, workload, task, data):
        (x, y), (test_x, test_y) = data
        model = self.network(workload).eval()
        weights = [m.weight for m in model if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))]
        if workload.get("sparsity") is not None:
            prune(weights, workload["sparsity"])
        storage = workload.get("storage", "float32")
        compute = None
        if storage == "float32":
            forward = model
            parameter_bytes = sum(p.numel() for p in model.parameters()) * 4
        elif storage == "float16":
            forward, parameter_bytes, compute = self.half(model)
        elif storage == "csr":
            forward, parameter_bytes = csr_forward(model)
        else:
            raise WorkloadFailure("invalid-model", "no storage '%s'" % storage)
        passes, seconds = self.passes(workload, task, x, forward)
        return {
            "seconds": seconds, "samples_processed": x.shape[0] * passes, "epochs_run": passes,
            "accuracy": self.accuracy(forward, test_x, test_y, workload["batch"]),
            "nonzero_weights": sum(int((w != 0).sum().item()) for w in weights),
            "parameter_bytes": parameter_bytes,
            "trainable_parameters": sum(p.numel() for p in model.parameters()),
            "float16_compute": compute,
        }

    def half(self, model):
        """Half-precision weights: computed natively on CUDA, widened for each pass on the CPU."""
        weighted = [m for m in model if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))]
        stored = sum(p.numel() for m in weighted for p in m.parameters()) * 2
        if self.device.type == "cuda":
            model = model.half()
            return (lambda batch: model(batch.half()).float()), stored, "native"
        halves = [[p.detach().half() for p in m.parameters()] for m in weighted]

        def forward(batch):
            for module, values in zip(weighted, halves):
                for parameter, value in zip(module.parameters(), values):
                    parameter.data = value.float()
            return model(batch)

        return forward, stored, "widened"

    def passes(self, workload, task, x, forward):
        """Passes over `x` in order, at least `epochs` and for at least `minimum_seconds`."""
        batch, least = workload["batch"], max(workload["epochs"], 1)
        minimum = workload.get("minimum_seconds", 0)
        passes = 0
        started = time.perf_counter()
        with torch.inference_mode(), self.marks.task(task):
            while passes < least or (time.perf_counter() - started < minimum and passes < MAXIMUM_PASSES):
                for start in range(0, x.shape[0], batch):
                    forward(x[start:start + batch])
                passes += 1
                if self.device.type == "cuda" and passes >= least:
                    # The clock must see the GPU's work, not only its queueing.
                    torch.cuda.synchronize(self.device)
        return passes, time.perf_counter() - started

    # Linear models ------------------------------------------------------------------------------

    def train_linear(self, workload, task, data):
        (x, y), (test_x, test_y) = data
        model = workload["model"]
        classes = int(workload["data_classes"])
        started = time.perf_counter()
        with self.marks.task(task):
            if model["type"] == "l1-logistic":
                w, b = fista(x, y, classes, model["lambda"], model["iterations"])
            else:
                w, b = lasso(x, y, classes, model["lambda"], model["iterations"])
        seconds = time.perf_counter() - started
        if workload.get("keep_weights") is not None:
            self.linear[workload["keep_weights"]] = (w, b)
        return {
            "seconds": seconds, "samples_processed": x.shape[0] * workload["epochs"],
            "epochs_run": workload["epochs"], "accuracy": linear_accuracy(w, b, test_x, test_y),
            "nonzero_weights": int((w != 0).sum().item()), "parameter_bytes": (w.numel() + b.numel()) * 4,
            "trainable_parameters": w.numel() + b.numel(),
        }

    def infer_linear(self, workload, task, data):
        (x, y), (test_x, test_y) = data
        key = workload.get("initial_weights")
        if key is None or key not in self.linear:
            raise WorkloadFailure(
                "missing-weights", "a linear model's inference needs the weights a training workload kept")
        w, b = self.linear[key]
        matrix = csr(w.t().contiguous())
        forward = lambda batch: torch.mm(matrix, batch.t()).t() + b  # noqa: E731
        passes, seconds = self.passes(workload, task, x, forward)
        return {
            "seconds": seconds, "samples_processed": x.shape[0] * passes, "epochs_run": passes,
            "accuracy": linear_accuracy(w, b, test_x, test_y),
            "nonzero_weights": int((w != 0).sum().item()),
            "parameter_bytes": csr_bytes(matrix) + b.numel() * 4,
            "trainable_parameters": w.numel() + b.numel(),
        }

    def handle(self, request):
        if request.get("forget"):
            return self.forget()
        workload = request["workload"]
        data = self.load(request["data"])
        workload["data_classes"] = request["data"]["classes"]
        task = request.get("task")
        network = workload["model"]["type"] == "network"
        if workload["kind"] == "train":
            return self.train(workload, task, data) if network else self.train_linear(workload, task, data)
        return self.infer(workload, task, data) if network else self.infer_linear(workload, task, data)


def prune(weights, sparsity):
    """Zeroes exactly ⌊share × count⌋ weights of the smallest magnitude, over every matrix together."""
    if not weights:
        return
    magnitudes = torch.cat([w.detach().abs().flatten() for w in weights])
    cut = int(magnitudes.numel() * min(max(sparsity, 0.0), 1.0))
    if cut == 0:
        return
    mask = torch.ones_like(magnitudes)
    mask[torch.argsort(magnitudes, stable=True)[:cut]] = 0
    offset = 0
    with torch.no_grad():
        for w in weights:
            count = w.numel()
            w.mul_(mask[offset:offset + count].view_as(w))
            offset += count


def csr(matrix):
    """A dense matrix as torch.sparse_csr with 32-bit indices (the lab's layout)."""
    sparse = matrix.to_sparse_csr()
    try:
        return torch.sparse_csr_tensor(
            sparse.crow_indices().int(), sparse.col_indices().int(), sparse.values(), sparse.shape)
    except RuntimeError:
        return sparse


def csr_bytes(matrix):
    return (matrix.values().numel() * matrix.values().element_size()
            + matrix.crow_indices().numel() * matrix.crow_indices().element_size()
            + matrix.col_indices().numel() * matrix.col_indices().element_size())


def csr_forward(model):
    """The model run forward with its dense and conv weights in CSR; returns it and the bytes stored."""
    stages, stored = [], 0
    for module in model:
        if isinstance(module, torch.nn.Linear):
            matrix, bias = csr(module.weight.detach()), module.bias
            stored += csr_bytes(matrix) + (bias.numel() * 4 if bias is not None else 0)
            stages.append(lambda x, m=matrix, b=bias: torch.mm(m, x.t()).t() + (b if b is not None else 0))
        elif isinstance(module, torch.nn.Conv2d):
            flat = module.weight.detach().reshape(module.out_channels, -1)
            matrix, bias = csr(flat), module.bias
            stored += csr_bytes(matrix) + (bias.numel() * 4 if bias is not None else 0)

            def conv(x, m=matrix, b=bias, layer=module):
                n, _, h, w = x.shape
                k, s, p = layer.kernel_size[0], layer.stride[0], layer.padding[0]
                oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
                patches = F.unfold(x, k, padding=p, stride=s)  # n × (c·k·k) × positions
                columns = patches.transpose(0, 1).reshape(patches.shape[1], -1)
                y = torch.mm(m, columns).reshape(layer.out_channels, n, oh * ow).transpose(0, 1)
                if b is not None:
                    y = y + b.view(1, -1, 1)
                return y.reshape(n, layer.out_channels, oh, ow)

            stages.append(conv)
        else:
            stages.append(module)

    def forward(batch):
        for stage in stages:
            batch = stage(batch)
        return batch

    return forward, stored


def fista(x, y, classes, lam, iterations):
    """L1-regularised multinomial logistic regression by FISTA, the lab's step size 1/L."""
    n, d = x.shape
    lipschitz = max(0.5 * largest_eigenvalue(x) + 0.5, 1e-6)
    step = 1.0 / lipschitz
    onehot = F.one_hot(y, classes).to(x.dtype)
    w = torch.zeros(d, classes, device=x.device)
    b = torch.zeros(classes, device=x.device)
    previous_w, previous_b, yw, yb, t = w, b, w, b, 1.0
    threshold = lam * step
    for _ in range(iterations):
        residual = (torch.softmax(x @ yw + yb, dim=1) - onehot) / n
        v = yw - step * (x.t() @ residual)
        w = torch.sign(v) * torch.clamp(v.abs() - threshold, min=0)
        b = yb - step * residual.sum(dim=0)
        next_t = (1 + (1 + 4 * t * t) ** 0.5) / 2
        momentum = (t - 1) / next_t
        yw, yb = w + momentum * (w - previous_w), b + momentum * (b - previous_b)
        previous_w, previous_b, t = w, b, next_t
    return w, b


def lasso(x, y, classes, lam, sweeps):
    """The Lasso on one-hot targets by cyclic coordinate descent, features and targets centred."""
    n, d = x.shape
    means = x.mean(dim=0)
    columns = (x - means).t().contiguous()  # d × n
    squared = (columns * columns).sum(dim=1) / n
    target = F.one_hot(y, classes).to(x.dtype)
    target_means = target.mean(dim=0)
    residual = target - target_means  # n × classes
    w = torch.zeros(d, classes, device=x.device)
    active = torch.ones(classes, dtype=torch.bool, device=x.device)
    # Read once: a test on a GPU tensor in the loop would wait for the GPU at every feature.
    varying = [j for j, value in enumerate(squared.tolist()) if value > 0]
    for _ in range(sweeps):
        largest = torch.zeros(classes, device=x.device)
        for j in varying:
            rho = columns[j] @ residual / n + squared[j] * w[j]
            updated = torch.sign(rho) * torch.clamp(rho.abs() - lam, min=0) / squared[j]
            delta = torch.where(active, updated - w[j], torch.zeros_like(rho))
            residual -= torch.outer(columns[j], delta)
            w[j] += delta
            largest = torch.maximum(largest, delta.abs())
        active &= largest >= 1e-5
        if not bool(active.any()):
            break
    b = target_means - means @ w
    return w, b


def largest_eigenvalue(x):
    """The largest eigenvalue of XᵀX/n by 50 steps of power iteration, as the lab finds it."""
    n, d = x.shape
    v = torch.full((d,), 1 / d ** 0.5, device=x.device)
    eigenvalue = 0.0
    for _ in range(50):
        following = x.t() @ (x @ v) / n
        norm = float(following.norm())
        if norm == 0:
            return 0.0
        eigenvalue, v = norm, following / norm
    return eigenvalue


def linear_accuracy(w, b, x, y):
    if x.shape[0] == 0:
        return 0.0
    return float(((x @ w + b).argmax(dim=1) == y).float().mean())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=0)
    arguments = parser.parse_args()
    if arguments.threads > 0:
        torch.set_num_threads(arguments.threads)
    # Answers go to a copy of standard output; anything else printed (a library's notice) goes to
    # standard error, so that every line footprint reads is an answer.
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    device = torch.device(arguments.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print(json.dumps({"error": "engine-failed", "message": "torch.cuda is not available"}), file=answers,
              flush=True)
        return 2
    engine = Engine(device)
    print(json.dumps({"ready": True, "torch": torch.__version__, "device": str(device)}), file=answers, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = engine.handle(json.loads(line))
        except WorkloadFailure as failure:
            answer = {"error": failure.reason, "message": failure.message}
        except Exception as failure:  # anything else is the engine's failure, said in one line
            answer = {"error": "engine-failed", "message": "%s: %s" % (type(failure).__name__, failure)}
        print(json.dumps(answer), file=answers, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
