# SPDX-License-Identifier: GPL-3.0-or-later
"""The network Entrena trains, as PyTorch builds it: Linear layers with an
activation (ReLU unless asked) between them, in an nn.Sequential whose
parameter names (0.weight, 2.bias, ...) are the ones Entrena's model files
use."""

# Entrena's names of the activations and PyTorch's modules.
ACTIVATIONS = {
    'relu': 'ReLU',
    'leaky-relu': 'LeakyReLU',
    'tanh': 'Tanh',
    'sigmoid': 'Sigmoid',
    'gelu': 'GELU',
}


def sequential(sizes, activation='relu'):
    import torch.nn as nn
    module = getattr(nn, ACTIVATIONS[activation])
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(module())
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
    return nn.Sequential(*layers)
