"""Forecasts of a split with the network and weights, as the studio's Export predictions writes them.

    python predict.py --weights trained.safetensors --split test --out predictions-test.parquet

Columns: symbol, open_time (the forecast bar, epoch ms), close, next_close (the close `horizon` bars later),
q10, q50, q90 (forecast log returns ln(next_close / close); a one-value model writes q50 and nulls), and scale
(what the model's outputs were multiplied by: outputs are the forecast divided by it).
"""
import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from data import RunData
from model import build_model, load_weights, read_run


def forecast(folder, weights, split="test", device="cpu") -> pd.DataFrame:
    run = read_run(folder)
    data = RunData(folder, run, device)
    model = build_model(run).to(device)
    load_weights(model, weights)
    model.eval()
    outs = []
    with torch.no_grad():
        for at in range(0, data.size(split), 256):
            h1, m15, _ = data.batch(split, torch.arange(at, min(at + 256, data.size(split)), device=device))
            outs.append(model(h1, m15).cpu())
    out = torch.cat(outs).double().numpy() if outs else np.zeros((0, 3))
    f = data.splits[split]["frame"]
    scale = f["scale"].to_numpy(np.float64)
    quantiles = out.shape[1] == 3
    nan = np.full(len(f), np.nan)
    return pd.DataFrame({
        "symbol": f["symbol"], "open_time": f["open_time"].astype("int64"), "close": f["close"],
        "next_close": f["close"] * np.exp(f["target"]),
        "q10": out[:, 0] * scale if quantiles else nan, "q50": out[:, 1 if quantiles else 0] * scale,
        "q90": out[:, 2] * scale if quantiles else nan, "scale": scale,
    })


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", nargs="?", default=".")
    p.add_argument("--weights", default=None, help="default: weights.safetensors in the folder")
    p.add_argument("--split", default="test", choices=["train", "val", "test"])
    p.add_argument("--out", default=None, help="default: predictions-SPLIT.parquet")
    args = p.parse_args()
    df = forecast(args.folder, args.weights or Path(args.folder) / "weights.safetensors", args.split)
    out = args.out or f"predictions-{args.split}.parquet"
    df.to_parquet(out, engine="pyarrow", index=False)
    print(f"predict: {len(df)} {args.split} forecasts written to {out}")


if __name__ == "__main__":
    main()
