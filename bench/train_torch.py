"""The seed dual-stream network in PyTorch, trained on random data: the speed reference for
`npm run bench -- train`, which runs it on one thread and on two (torch and OpenBLAS alike). Prints JSON.

    /usr/bin/python3 bench/train_torch.py [--batch 32,256] [--seconds 4] [--features 13] [--window 60] [--threads 1]
"""
import argparse
import json
import os
import sys
import time

# OpenBLAS sizes its own thread pool from the core count; torch.set_num_threads does not reach it.
# Set before torch loads so the reference really runs on one core.
# Assigned, not defaulted: an exported OPENBLAS_NUM_THREADS would otherwise override --threads for BLAS alone.
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
os.environ["OPENBLAS_NUM_THREADS"] = _threads
os.environ["OMP_NUM_THREADS"] = _threads

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

QUANTILES = (0.1, 0.5, 0.9)


class DualStream(nn.Module):
    """1h: LSTM64 → LSTM32 → dropout; 15m: Conv1D32 → Conv1D16 (k3, relu, valid) → LSTM32 → LSTM16 → dropout;
    concat → Dense32 → Dense16 (relu, dropout) → 3 raw → non-crossing quantiles. Same sizes as SEED_MODEL."""

    def __init__(self, h1_features: int, m15_features: int, dropout: float = 0.2):
        super().__init__()
        self.h1_lstm1 = nn.LSTM(h1_features, 64, batch_first=True)
        self.h1_lstm2 = nn.LSTM(64, 32, batch_first=True)
        self.m15_conv1 = nn.Conv1d(m15_features, 32, 3)
        self.m15_conv2 = nn.Conv1d(32, 16, 3)
        self.m15_lstm1 = nn.LSTM(16, 32, batch_first=True)
        self.m15_lstm2 = nn.LSTM(32, 16, batch_first=True)
        self.dense1 = nn.Linear(32 + 16, 32)
        self.dense2 = nn.Linear(32, 16)
        self.raw = nn.Linear(16, 3)
        self.drop = nn.Dropout(dropout)

    def forward(self, h1: torch.Tensor, m15: torch.Tensor) -> torch.Tensor:
        a, _ = self.h1_lstm1(h1)
        a, _ = self.h1_lstm2(a)
        a = self.drop(a[:, -1])
        # Conv1d wants [B, channels, time]; the data arrive [B, time, features] as in Keras.
        b = F.relu(self.m15_conv1(m15.transpose(1, 2)))
        b = F.relu(self.m15_conv2(b)).transpose(1, 2)
        b, _ = self.m15_lstm1(b)
        b, _ = self.m15_lstm2(b)
        b = self.drop(b[:, -1])
        x = torch.cat([a, b], 1)
        x = self.drop(F.relu(self.dense1(x)))
        x = self.drop(F.relu(self.dense2(x)))
        r = self.raw(x)
        mid = r[:, 1:2]
        return torch.cat([mid - F.softplus(r[:, 0:1]), mid, mid + F.softplus(r[:, 2:3])], 1)


def pinball(y: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    tau = torch.tensor(QUANTILES).unsqueeze(0)
    e = y - q  # y [B, 1] broadcasts over the three quantiles
    return torch.maximum(tau * e, (tau - 1) * e).mean()


def blas_library() -> str:
    """The BLAS torch actually calls: Debian's build reports BLAS_INFO=generic and loads libblas.so.3,
    which the alternatives system points at OpenBLAS or at the slow reference BLAS."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    if "openblas" in torch.__config__.show().lower():
        return "openblas"
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        return "unknown"
    if "openblas" in maps:
        return "openblas"
    return "reference" if "libblas" in maps else "unknown"


def bench(batch: int, window: int, features: int, seconds: float, min_steps: int) -> dict:
    torch.manual_seed(1)
    model = DualStream(features, features).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    h1 = torch.randn(batch, window, features)
    m15 = torch.randn(batch, window, features)
    y = torch.randn(batch, 1) * 0.01

    def step() -> float:
        opt.zero_grad()
        loss = pinball(y, model(h1, m15))
        loss.backward()
        opt.step()
        return loss.item()

    step()  # warm-up: Adam's state, allocator
    steps, t0 = 0, time.perf_counter()
    while steps < min_steps or time.perf_counter() - t0 < seconds:
        step()
        steps += 1
    elapsed = time.perf_counter() - t0
    return {"batch": batch, "samplesPerSec": batch * steps / elapsed, "steps": steps, "seconds": elapsed}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--batch", default="32,256")
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--min-steps", type=int, default=3)
    p.add_argument("--features", type=int, default=13)
    p.add_argument("--window", type=int, default=60)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    blas = blas_library()
    if blas != "openblas":
        print(f"train_torch: warning: torch is not using OpenBLAS ({blas}); it runs ~4x slower and flatters the "
              "studio. apt-get install -y libopenblas0-pthread", file=sys.stderr)
    results = [bench(int(b), args.window, args.features, args.seconds, args.min_steps) for b in args.batch.split(",")]
    print(json.dumps({
        "torch": torch.__version__, "blas": blas, "threads": torch.get_num_threads(),
        "blasThreads": os.environ["OPENBLAS_NUM_THREADS"], "results": results,
    }))


if __name__ == "__main__":
    main()
