"""The studio's dual-stream network in plain PyTorch, built from the sizes in run.json.

1h stream:  LSTM -> ... -> LSTM (last state) -> Dropout
15m stream: Conv1D(relu, valid) -> ... -> LSTM -> ... -> LSTM (last state) -> Dropout
then concat -> (Linear -> relu -> Dropout) ... -> head.

The head is the studio's: three quantiles built so they never cross (q_low = x1 - softplus(x0), q_mid = x1,
q_high = x1 + softplus(x2); with the median pinned at 0, q = (-softplus(x0), 0, softplus(x2))), or one value.
The weights' names are the studio's layer names (h1_lstm1.weight_ih_l0, m15_conv1.weight, dense1.weight, ...);
the studio wrote them in torch's layouts (README.md says how), so load_state_dict takes them as they are.
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn


class DualStream(nn.Module):
    def __init__(self, model_cfg: dict, features: int):
        super().__init__()
        if not model_cfg["h1Lstm"] or not model_cfg["m15Lstm"]:
            raise ValueError("model: each stream needs at least one LSTM (h1Lstm and m15Lstm in run.json)")
        self.head_kind = model_cfg["head"]["kind"]
        self.median_zero = model_cfg["head"].get("median") == "zero"
        self.h1_lstms = self._stack("h1_lstm", features, model_cfg["h1Lstm"], lambda i, o: nn.LSTM(i, o, batch_first=True))
        width = features
        self.m15_convs = []
        for k, filters in enumerate(model_cfg["m15Conv"]):
            name = f"m15_conv{k + 1}"
            self.add_module(name, nn.Conv1d(width, filters, model_cfg["convKernel"]))
            self.m15_convs.append(name)
            width = filters
        self.m15_lstms = self._stack("m15_lstm", width, model_cfg["m15Lstm"], lambda i, o: nn.LSTM(i, o, batch_first=True))
        width = model_cfg["h1Lstm"][-1] + model_cfg["m15Lstm"][-1]
        self.denses = self._stack("dense", width, model_cfg["dense"], nn.Linear)
        width = model_cfg["dense"][-1] if model_cfg["dense"] else width
        self.head_name = "quantile_raw" if self.head_kind == "quantiles" else "value"
        self.add_module(self.head_name, nn.Linear(width, 3 if self.head_kind == "quantiles" else 1))
        self.dropout = nn.Dropout(model_cfg["dropout"])

    def _stack(self, prefix, width, sizes, make):
        names = []
        for k, units in enumerate(sizes):
            name = f"{prefix}{k + 1}"
            self.add_module(name, make(width, units))
            names.append(name)
            width = units
        return names

    def _lstms(self, names, x):
        for name in names:
            x, _ = getattr(self, name)(x)
        return x[:, -1]  # the last layer returns only its final state, as the studio's

    def forward(self, h1: torch.Tensor, m15: torch.Tensor) -> torch.Tensor:
        """h1, m15: [batch, window, features] each, z-scored as data.py does. Returns [batch, 3] or [batch, 1]."""
        a = self.dropout(self._lstms(self.h1_lstms, h1))
        b = m15.transpose(1, 2)  # Conv1d reads [batch, channels, time]
        for name in self.m15_convs:
            b = F.relu(getattr(self, name)(b))
        b = self.dropout(self._lstms(self.m15_lstms, b.transpose(1, 2)))
        x = torch.cat([a, b], dim=1)
        for name in self.denses:
            x = self.dropout(F.relu(getattr(self, name)(x)))
        raw = getattr(self, self.head_name)(x)
        if self.head_kind != "quantiles":
            return raw
        low, mid, high = F.softplus(raw[:, 0]), raw[:, 1], F.softplus(raw[:, 2])
        if self.median_zero:
            mid = torch.zeros_like(mid)
        return torch.stack([mid - low, mid, mid + high], dim=1)


def read_run(folder) -> dict:
    with open(Path(folder) / "run.json", encoding="utf-8") as f:
        return json.load(f)


def build_model(run: dict) -> DualStream:
    """The network of a run.json: its config.model sizes, its featureNames as inputs of each stream."""
    return DualStream(run["config"]["model"], len(run["featureNames"]))


def load_weights(model: nn.Module, path) -> None:
    from safetensors.torch import load_file

    model.load_state_dict(load_file(str(path)))


def save_weights(model: nn.Module, path, metadata=None) -> None:
    from safetensors.torch import save_file

    state = {k: v.detach().to("cpu", torch.float32).contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(path), metadata={"format": "pt", **(metadata or {})})
