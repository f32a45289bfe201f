# SPDX-License-Identifier: GPL-3.0-or-later
"""The network Entrena trains, as PyTorch builds it: Linear layers with a
ReLU between them, in an nn.Sequential whose parameter names
(0.weight, 2.bias, ...) are the ones Entrena's model files use."""


def sequential(sizes):
    import torch.nn as nn
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
