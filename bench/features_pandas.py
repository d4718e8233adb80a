"""The seed's 13 indicators in pandas, the way a Colab notebook computes them: the speed reference for
`npm run bench -- features`. Reads SYMBOL-INTERVAL.csv files from a folder, prints JSON with the time.

    /usr/bin/python3 bench/features_pandas.py <folder> [repeats]
"""
import glob
import json
import os
import sys
import time

import numpy as np
import pandas as pd


def features(df: pd.DataFrame) -> pd.DataFrame:
    c, h, l, v = df["close"], df["high"], df["low"], df["volume"]
    out = pd.DataFrame(index=df.index)
    lr = np.log(c / c.shift(1))
    out["log_return"] = lr
    vol = lr.rolling(14).std(ddof=0)
    out["volatility_14"] = vol
    out["volatility_ratio"] = vol / vol.rolling(60).mean()
    prev = c.shift(1)
    tr = pd.concat([h - l, (h - prev).abs(), (l - prev).abs()], axis=1).max(axis=1)
    out["atr_14"] = tr.ewm(alpha=1 / 14, adjust=False).mean()
    mid = c.rolling(20).mean()
    out["bb_width_20"] = 4 * c.rolling(20).std(ddof=0) / mid
    out["range_14"] = ((h - l) / c).rolling(14).mean()
    d = c.diff()
    gain = d.clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
    loss = (-d).clip(lower=0).ewm(alpha=1 / 14, adjust=False).mean()
    out["rsi_14"] = 100 * gain / (gain + loss)
    macd = c.ewm(span=12, adjust=False).mean() - c.ewm(span=26, adjust=False).mean()
    signal = macd.ewm(span=9, adjust=False).mean()
    out["macd"], out["macd_signal"], out["macd_hist"] = macd, signal, macd - signal
    out["momentum_10"] = c - c.shift(10)
    out["roc_10"] = c / c.shift(10) - 1
    out["volume_ratio_20"] = v / v.rolling(20).mean()
    return out


def main() -> None:
    folder = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    frames = [pd.read_csv(f) for f in sorted(glob.glob(os.path.join(folder, "*.csv")))]
    rows = sum(len(f) for f in frames)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for f in frames:
            features(f)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"series": len(frames), "rows": rows, "ms": min(times), "all": times}))


if __name__ == "__main__":
    main()
