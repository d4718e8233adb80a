"""The run's samples as windows, gathered per batch from one matrix per stream (never materialised).

features.parquet holds the raw features of every bar where all are defined (symbol, interval, open_time, then
run.json's featureNames); samples.parquet one row per sample the studio made (symbol, split, open_time of the
forecast bar t, open_time_15m of the last 15m bar that closes by t's close, close, target, scale). A window is the
`window` bars ending at those times; the studio kept only samples whose windows are complete, so they are
consecutive rows here. Features are z-scored with the coin's statistics in run.json and clipped, as the studio does.
"""
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import torch

STEP_MS = {"1h": 3_600_000, "15m": 900_000}


class RunData:
    def __init__(self, folder, run: dict, device="cpu"):
        folder = Path(folder)
        cfg = run["config"]["features"]
        self.window = int(cfg["window"])
        names = run["featureNames"]
        # pyarrow reads the path itself: pandas 1.5 would hand it an open Python file, and pyarrow 25's reads from
        # one can abort the interpreter at exit ("terminate called without an active exception")
        feats = pq.read_table(folder / "features.parquet").to_pandas()
        samples = pq.read_table(folder / "samples.parquet").to_pandas()
        missing = [n for n in names if n not in feats.columns]
        if missing:
            raise ValueError(f"data: features.parquet lacks the run's features {missing[:4]}")
        self.symbols = [c["symbol"] for c in run["coins"]]
        mats = {"1h": [], "15m": []}
        rows = {"1h": {}, "15m": {}}  # symbol -> (first global row, open times)
        for coin in run["coins"]:
            for interval, key in (("1h", "h1"), ("15m", "m15")):
                part = feats[(feats["symbol"] == coin["symbol"]) & (feats["interval"] == interval)].sort_values("open_time")
                if len(part) == 0:
                    raise ValueError(f"data: features.parquet has no {interval} rows for {coin['symbol']}")
                st = coin["stats"][key]
                z = (part[names].to_numpy(np.float64) - np.asarray(st["mean"])) / np.asarray(st["std"])
                clip = float(cfg["clip"])
                z = np.clip(z, -clip, clip).astype(np.float32)
                start = sum(len(m) for m in mats[interval])
                mats[interval].append(z)
                rows[interval][coin["symbol"]] = (start, part["open_time"].to_numpy(np.int64))
        self.h1 = torch.from_numpy(np.concatenate(mats["1h"])).to(device)
        self.m15 = torch.from_numpy(np.concatenate(mats["15m"])).to(device)
        self.features = self.h1.shape[1]
        self.splits = {}
        for split in ("train", "val", "test"):
            s = samples[samples["split"] == split]
            s = s[s["symbol"].isin(self.symbols)]
            end1h = self._ends(s, "open_time", rows["1h"], "1h")
            end15m = self._ends(s, "open_time_15m", rows["15m"], "15m")
            target, scale = s["target"].to_numpy(np.float64), s["scale"].to_numpy(np.float64)
            self.splits[split] = {
                "end1h": torch.from_numpy(end1h).to(device),
                "end15m": torch.from_numpy(end15m).to(device),
                # what the model learns: the target over its scale, in float32 as the studio's batches hold it
                "y": torch.from_numpy((target / scale).astype(np.float32)).to(device),
                "frame": s[["symbol", "open_time", "close", "target", "scale"]].reset_index(drop=True),
            }
        self.offsets = torch.arange(-self.window + 1, 1, device=device)

    def _ends(self, s, column, rows, interval):
        """Global row of each sample's last bar; checks the window's bars are all there and consecutive."""
        out = np.empty(len(s), dtype=np.int64)
        w = self.window
        for symbol, idx in s.groupby("symbol").indices.items():
            start, times = rows[symbol]
            want = s[column].to_numpy(np.int64)[idx]
            at = np.searchsorted(times, want)
            ok = (at < len(times)) & (at - w + 1 >= 0)
            ok[ok] &= times[at[ok]] == want[ok]
            ok[ok] &= times[at[ok] - w + 1] == want[ok] - (w - 1) * STEP_MS[interval]
            if not ok.all():
                bad = int(want[~ok][0])
                raise ValueError(f"data: {symbol}'s {interval} window ending at open time {bad} is not complete in features.parquet; "
                                 "export the folder again from the studio")
            out[idx] = start + at
        return out

    def size(self, split: str) -> int:
        return len(self.splits[split]["y"])

    def batch(self, split: str, picks: torch.Tensor):
        """Windows [n, window, features] of both streams and targets [n] of the samples `picks` of a split."""
        s = self.splits[split]
        return (self.h1[s["end1h"][picks][:, None] + self.offsets], self.m15[s["end15m"][picks][:, None] + self.offsets], s["y"][picks])
