"""The training loop a PyTorch user would write for the studio's job: the speed reference for `npm run bench -- fit`.

The same windows as the studio (scripts/benchFit.ts writes each coin's z-scored matrices and sample rows), a
Dataset that gathers a batch's windows from them, a DataLoader drawing shuffled batches, the seed network
(bench/train_torch.py's DualStream, nn.LSTM), Adam, per epoch a validation pass in batches of 256 and a checkpoint
(torch.save of the state dict) when the validation loss improves. Prints JSON.

    /usr/bin/python3 bench/fit_torch.py --data DIR --batch 32 --batches 128 --epochs 3 --warmup 1 [--threads 1] [--epoch-seconds 20]

`--epoch-seconds` ends an epoch's batches early once they have taken that long (torch on two threads can run
10-50x slower than on one on a loaded two-core machine); the rate then counts the batches that ran ("capped").
"""
import argparse
import io
import json
import os
import sys
import time

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
os.environ["OPENBLAS_NUM_THREADS"] = _threads
os.environ["OMP_NUM_THREADS"] = _threads

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch.utils.data import BatchSampler, DataLoader, Dataset, RandomSampler  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_torch import DualStream, pinball  # noqa: E402


class Windows(Dataset):
    """Samples of one split over every coin: item k is the `window` rows ending at its 1h and 15m rows.
    Indexed with a list of sample numbers (a BatchSampler's batch), it gathers the whole batch at once."""

    def __init__(self, data: str, manifest: dict, split: str):
        h1, m15, end1h, end15m, y = [], [], [], [], []
        r1 = r2 = 0
        for c in manifest["coins"]:
            s = c["symbol"]
            h1.append(np.fromfile(f"{data}/{s}.h1.f32", np.float32).reshape(c["h1Rows"], -1))
            m15.append(np.fromfile(f"{data}/{s}.m15.f32", np.float32).reshape(c["m15Rows"], -1))
            end1h.append(np.fromfile(f"{data}/{s}.{split}.end1h.i32", np.int32) + r1)
            end15m.append(np.fromfile(f"{data}/{s}.{split}.end15m.i32", np.int32) + r2)
            y.append(np.fromfile(f"{data}/{s}.{split}.y.f32", np.float32))
            r1 += c["h1Rows"]
            r2 += c["m15Rows"]
        self.h1 = torch.from_numpy(np.concatenate(h1))
        self.m15 = torch.from_numpy(np.concatenate(m15))
        self.end1h = torch.from_numpy(np.concatenate(end1h)).long()
        self.end15m = torch.from_numpy(np.concatenate(end15m)).long()
        self.y = torch.from_numpy(np.concatenate(y)).unsqueeze(1)
        self.steps = torch.arange(-manifest["window"] + 1, 1)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, idx):
        idx = torch.as_tensor(idx)
        return (self.h1[self.end1h[idx, None] + self.steps], self.m15[self.end15m[idx, None] + self.steps], self.y[idx])


def run(args) -> dict:
    with open(f"{args.data}/manifest.json") as f:
        manifest = json.load(f)
    train, val = Windows(args.data, manifest, "train"), Windows(args.data, manifest, "val")
    torch.manual_seed(1)
    model = DualStream(manifest["features"], manifest["features"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loader = DataLoader(train, sampler=BatchSampler(RandomSampler(train), args.batch, drop_last=False), batch_size=None)
    val_loader = DataLoader(val, sampler=BatchSampler(range(len(val)), 256, drop_last=False), batch_size=None)
    best = float("inf")
    times = {"gather": 0.0, "step": 0.0, "validation": 0.0, "checkpoint": 0.0}
    total, samples, capped = 0.0, 0, False
    for epoch in range(args.epochs):
        part = dict.fromkeys(times, 0.0)
        t0 = mark = time.perf_counter()
        model.train()
        seen = 0
        batches = iter(loader)
        for _ in range(args.batches):
            try:
                h1, m15, y = next(batches)
            except StopIteration:
                break
            now = time.perf_counter()
            part["gather"] += now - mark
            opt.zero_grad()
            loss = pinball(y, model(h1, m15))
            loss.backward()
            opt.step()
            loss.item()
            seen += len(y)
            mark = time.perf_counter()
            part["step"] += mark - now
            if args.epoch_seconds > 0 and mark - t0 > args.epoch_seconds:
                capped = True
                break
        model.eval()
        with torch.no_grad():
            vsum = sum(pinball(y, model(h1, m15)).item() * len(y) for h1, m15, y in val_loader)
        val_loss = vsum / max(1, len(val))
        now = time.perf_counter()
        part["validation"] += now - mark
        if val_loss < best:
            best = val_loss
            torch.save(model.state_dict(), io.BytesIO() if args.checkpoint == "memory" else args.checkpoint)
        part["checkpoint"] += time.perf_counter() - now
        if epoch >= args.warmup:
            total += time.perf_counter() - t0
            samples += seen
            for k in times:
                times[k] += part[k]
    timed = args.epochs - args.warmup
    return {
        "batch": args.batch, "samplesPerSec": samples / total, "epochs": timed, "capped": capped,
        "breakdown": {k: v * 1000 / timed for k, v in times.items()},
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--batches", type=int, required=True)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--checkpoint", default="memory", help="a file for torch.save, or 'memory'")
    p.add_argument("--epoch-seconds", type=float, default=0.0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    result = run(args)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), **result}))


if __name__ == "__main__":
    main()
