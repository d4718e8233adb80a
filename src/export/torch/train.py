"""Trains the studio's network on the exported run, as the studio's Train cell does, on one CPU, one GPU or many.

    python train.py                                  # one CPU, or the GPU when there is one
    torchrun --nproc_per_node=4 train.py             # DistributedDataParallel: NCCL on GPUs, gloo on CPUs

Same loss (pinball over the quantiles, or MSE weighted `weight`x where |target| > `threshold`), Adam (the run's
learning rate and epsilon), ReduceLROnPlateau and EarlyStopping on the validation loss with a relative threshold
of 1e-4, the best epoch's weights restored at the end. Every process draws the same shuffled order; each takes
its share of every batch, and the loss is weighted so the averaged gradient is the whole batch's. Writes the
weights as safetensors (model.py's names), which the studio's Load model files takes back with model.json and run.json.
"""
import argparse
import copy
import json
import math
import os
import sys
import time
from pathlib import Path

import torch
import torch.distributed as dist

from data import RunData
from model import build_model, load_weights, read_run, save_weights


class EarlyStopping:
    """Stops after `patience` epochs that do not beat the best by more than `threshold` of it (relative)."""

    def __init__(self, patience, threshold=1e-4):
        self.patience, self.threshold = patience, threshold
        self.best, self.best_epoch, self.wait = math.inf, -1, 0

    def update(self, epoch, loss):
        if improves(loss, self.best, self.threshold):
            self.best, self.best_epoch, self.wait = loss, epoch, 0
            return True, False
        self.wait += 1
        return False, self.wait >= self.patience


class ReduceLROnPlateau:
    """Multiplies the rate by `factor` after `patience` flat epochs, never below `min_lr` (no cooldown)."""

    def __init__(self, factor, patience, min_lr, threshold=1e-4):
        self.factor, self.patience, self.min_lr, self.threshold = factor, patience, min_lr, threshold
        self.best, self.wait = math.inf, 0

    def update(self, loss, lr):
        if improves(loss, self.best, self.threshold):
            self.best, self.wait = loss, 0
            return lr
        self.wait += 1
        if self.wait < self.patience or lr <= self.min_lr:
            return lr
        self.wait = 0
        return max(self.min_lr, lr * self.factor)


def improves(loss, best, threshold):
    return loss < best if best == math.inf else loss < best - abs(best) * threshold


def sample_losses(head: dict, y: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    """Each sample's loss [n]; their mean is the studio's loss."""
    if head["kind"] == "quantiles":
        tau = torch.tensor(head["quantiles"], dtype=out.dtype, device=out.device)
        e = y[:, None] - out
        return torch.maximum(tau * e, (tau - 1) * e).mean(dim=1)
    w = torch.where(y.abs() > head["threshold"], torch.full_like(y, head["weight"]), torch.ones_like(y))
    return w * (y - out[:, 0]) ** 2


def all_sum(values, device):
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if dist.is_initialized():
        dist.all_reduce(t)
    return t.tolist()


def evaluate(model, data, split, head, rank, world, device):
    """Mean loss over a split, dropout off, in batches of 256 (each process a share)."""
    model.eval()
    total, n = 0.0, 0
    with torch.no_grad():
        idx = torch.arange(data.size(split), device=device)[rank::world]
        for at in range(0, len(idx), 256):
            h1, m15, y = data.batch(split, idx[at:at + 256])
            total += sample_losses(head, y, model(h1, m15)).double().sum().item()
            n += len(y)
    total, n = all_sum([total, n], device)
    model.train()
    return total / max(1, n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", nargs="?", default=".", help="the exported folder (run.json, features.parquet, samples.parquet)")
    p.add_argument("--weights", help="start from these weights (default: weights.safetensors in the folder)")
    p.add_argument("--fresh", action="store_true", help="start from new weights drawn as the studio draws them")
    p.add_argument("--out", default="trained.safetensors", help="where the trained weights go (default trained.safetensors)")
    p.add_argument("--epochs", type=int, help="override config.train.epochs")
    p.add_argument("--batch-size", type=int, help="override config.train.batchSize (the whole batch, over all processes)")
    p.add_argument("--max-batches", type=int, help="override config.train.maxBatchesPerEpoch (0: every sample)")
    p.add_argument("--lr", type=float, help="override config.train.learningRate")
    p.add_argument("--seed", type=int, help="override config.train.seed")
    p.add_argument("--cpu", action="store_true", help="train on the CPU even where a GPU is present")
    p.add_argument("--rank-weights", action="store_true", help="every process also writes its own weights (OUT.rankN.safetensors), to check they agree")
    args = p.parse_args()

    world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = torch.cuda.is_available() and not args.cpu
    device = torch.device(f"cuda:{local}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")

    folder = Path(args.folder)
    run = read_run(folder)
    train_cfg, head = run["config"]["train"], run["config"]["model"]["head"]
    epochs = args.epochs if args.epochs is not None else train_cfg["epochs"]
    batch_size = args.batch_size or train_cfg["batchSize"]
    max_batches = args.max_batches if args.max_batches is not None else train_cfg["maxBatchesPerEpoch"]
    lr = args.lr or train_cfg["learningRate"]
    seed = args.seed if args.seed is not None else train_cfg["seed"]
    if batch_size < world:
        raise SystemExit(f"train: a batch of {batch_size} cannot be shared by {world} processes")

    torch.manual_seed(seed)
    data = RunData(folder, run, device)
    model = build_model(run).to(device)
    if args.fresh:
        from init import init_like_studio
        init_like_studio(model, run, data)
    else:
        load_weights(model, args.weights or folder / "weights.safetensors")
    model = model.to(device)
    net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local] if cuda else None) if world > 1 else model
    torch.manual_seed(seed * 1000 + rank)  # dropout masks: each process its own

    opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=train_cfg["epsilon"])
    early = EarlyStopping(train_cfg["patience"])
    plateau = ReduceLROnPlateau(train_cfg["plateau"]["factor"], train_cfg["plateau"]["patience"], train_cfg["plateau"]["minLr"])
    n = data.size("train")
    batches = math.ceil(n / batch_size)
    if max_batches > 0:
        batches = min(batches, max_batches)
    order = torch.Generator().manual_seed(seed)
    log = (lambda *a: print(*a, flush=True)) if rank == 0 else (lambda *a: None)
    log(f"train: {n} training samples, {data.size('val')} validation, {batches} batches of {batch_size} an epoch, "
        f"{world} process(es) on {device.type}{' (' + ('nccl' if cuda else 'gloo') + ')' if world > 1 else ''}")
    initial = evaluate(model, data, "val", head, rank, world, device)
    log(f"train: validation loss of the starting weights {initial:.6g}")
    history, best, stop_reason = [], None, "epochs"
    for epoch in range(epochs):
        t0 = time.time()
        for g in opt.param_groups:
            g["lr"] = lr
        perm = torch.randperm(n, generator=order).to(device)
        total, seen = 0.0, 0
        for b in range(batches):
            whole = perm[b * batch_size:(b + 1) * batch_size]
            if len(whole) < world:
                break
            mine = whole[rank::world]
            h1, m15, y = data.batch("train", mine)
            losses = sample_losses(head, y, net(h1, m15))
            # DDP averages the processes' gradients: weighting each share by its size makes that the whole batch's mean
            loss = losses.sum() * world / len(whole)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            s, k = all_sum([losses.double().sum().item(), len(y)], device)
            if not math.isfinite(s):
                stop_reason = "non-finite loss"
                break
            total, seen = total + s, seen + k
        if stop_reason == "non-finite loss":
            break
        val = evaluate(model, data, "val", head, rank, world, device)
        improved, stop = early.update(epoch, val)
        if improved:
            best = copy.deepcopy(model.state_dict())
        history.append({"epoch": epoch, "loss": total / max(1, seen), "valLoss": val, "lr": lr, "seconds": time.time() - t0})
        log(f"epoch {epoch + 1}/{epochs}: loss {total / max(1, seen):.6g}, validation {val:.6g}, lr {lr:g}, {time.time() - t0:.1f} s")
        if not math.isfinite(val):
            stop_reason = "non-finite loss"
            break
        if stop:
            stop_reason = "early-stopping"
            break
        lr = plateau.update(val, lr)
    if best is not None:
        model.load_state_dict(best)
    out = Path(args.out)
    meta = {"bestEpoch": str(early.best_epoch), "bestValLoss": repr(early.best), "stopReason": stop_reason}
    if rank == 0:
        save_weights(model, out, meta)
        with open(out.with_suffix(".history.json"), "w", encoding="utf-8") as f:
            json.dump({"initialValLoss": initial, "epochs": history, "bestEpoch": early.best_epoch, "bestValLoss": early.best,
                       "stopReason": stop_reason, "processes": world, "device": device.type}, f, indent=2)
        log(f"train: best epoch {early.best_epoch + 1}, validation loss {early.best:.6g} ({stop_reason}); wrote {out}")
    if args.rank_weights:
        save_weights(model, out.with_name(f"{out.stem}.rank{rank}.safetensors"), meta)
    if world > 1:
        dist.destroy_process_group()
        # Everything is written. Torch 1.13 could hang here as the process ended: DistributedDataParallel's reducer
        # held the gloo group last, and destroying it joined gloo's threads while holding the GIL that one of them
        # waited for to free a tensor (pytorch/pytorch#56297). Ending the process without running destructors
        # cannot hang.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
