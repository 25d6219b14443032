"""nnbook: neural networks from scratch in NumPy, one derivation per class."""

from .activations import Linear, ReLU, Sigmoid, Softmax, Tanh
from .history import Divergence, DivergenceError, History
from .layers import Dense, Dropout, Layer
from .losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Loss,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossentropy,
)
from .model import Model
from .optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop

__version__ = "0.1.0"

__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Dense",
    "Divergence",
    "DivergenceError",
    "Dropout",
    "History",
    "Layer",
    "Linear",
    "Loss",
    "MeanAbsoluteError",
    "MeanSquaredError",
    "Model",
    "Optimizer",
    "RMSprop",
    "ReLU",
    "Sigmoid",
    "Softmax",
    "SoftmaxCrossentropy",
    "Tanh",
]
