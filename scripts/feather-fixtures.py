"""Writes the small freqtrade-style Feather files the studio's tests read (src/data/fixtures/).

An independent writer: pyarrow, as freqtrade uses through pandas. Run: python3 scripts/feather-fixtures.py
Columns as freqtrade stores them: date (timestamp[ns, tz=UTC] from pandas, or [ms]), open, high, low, close, volume.
"""
import pyarrow as pa
import pyarrow.feather as feather

T0 = 1_704_067_200_000  # 2024-01-01T00:00Z, epoch ms
OUT = "src/data/fixtures/"


def table(n, step_ms, unit):
    ms = [T0 + i * step_ms for i in range(n)]
    per = {"ms": 1, "us": 1_000, "ns": 1_000_000}[unit]
    close = [100 + (i % 7) + i / 100 for i in range(n)]
    return pa.table({
        "date": pa.array([t * per for t in ms], pa.timestamp(unit, tz="UTC")),
        "open": pa.array([c - 0.5 for c in close], pa.float64()),
        "high": pa.array([c + 1 for c in close], pa.float64()),
        "low": pa.array([c - 1 for c in close], pa.float64()),
        "close": pa.array(close, pa.float64()),
        "volume": pa.array([12.5 + i for i in range(n)], pa.float64()),
    })


feather.write_feather(table(70, 3_600_000, "ns"), OUT + "BTC_USDT-1h.feather", compression="lz4")
feather.write_feather(table(300, 900_000, "ms"), OUT + "BTC_USDT-15m.feather", compression="zstd")
feather.write_feather(table(70, 3_600_000, "us"), OUT + "ETH_USDT_USDT-1h-futures.feather", compression="uncompressed")
# More rows than one LZ4 frame block (64 KiB of doubles), so blocks that refer back to earlier blocks are read too.
feather.write_feather(table(10_000, 900_000, "ns"), OUT + "SOL_USDT-15m.feather", compression="lz4")
