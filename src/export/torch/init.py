"""New weights drawn as the studio draws them (train.py --fresh): Keras's initialisers, not torch's defaults.

Glorot-uniform kernels, orthogonal recurrent kernels, zero biases with the LSTM forget gate's at 1, and the output
layer started at the training targets' spread: its bias gives q10 / q50 / q90 of the training targets (divided by
their scale), or their mean for one value, and its kernel is shrunk 100x. Another network size in run.json's
config.model trains from here too.
"""
import math

import numpy as np
import torch
from torch import nn

HEAD_KERNEL_SCALE = 0.01


def softplus_inverse(y):
    return y if y > 20 else y + math.log(-math.expm1(-y))


def init_like_studio(model, run, data):
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.LSTM):
                h = module.hidden_size
                nn.init.xavier_uniform_(module.weight_ih_l0)  # fan_in = inputs, fan_out = 4 * units, as Keras's kernel
                nn.init.orthogonal_(module.weight_hh_l0)
                module.bias_ih_l0.zero_()
                module.bias_ih_l0[h:2 * h] = 1.0  # Keras's unit_forget_bias
                module.bias_hh_l0.zero_()
            elif isinstance(module, (nn.Linear, nn.Conv1d)):
                nn.init.xavier_uniform_(module.weight)  # Conv1d: fan = channels * kernel width, as Keras's
                module.bias.zero_()
        frame = data.splits["train"]["frame"]
        y = np.sort((frame["target"] / frame["scale"]).to_numpy(np.float64))
        y = y[np.isfinite(y)]
        if len(y) == 0:
            raise SystemExit("train: no training samples to start the head from")
        head_cfg = run["config"]["model"]["head"]
        layer = getattr(model, model.head_name)
        layer.weight.mul_(HEAD_KERNEL_SCALE)
        if head_cfg["kind"] == "quantiles":
            lo, mid, hi = (float(np.quantile(y, q)) for q in head_cfg["quantiles"])
            if head_cfg.get("median") == "zero":
                mid = 0.0
            gap = lambda d: softplus_inverse(max(d, 1e-6))
            layer.bias.copy_(torch.tensor([gap(mid - lo), mid, gap(hi - mid)]))
        else:
            layer.bias.fill_(float(y.mean()))
