"""nnbook: neural networks from scratch in NumPy, one derivation per class."""

from .activations import Linear, ReLU, Sigmoid, Softmax, Tanh
from .convolution import Conv2D, MaxPool2D
from .early_stopping import EarlyStopping
from .history import Divergence, DivergenceError, History
from .language import language as _language
from .layers import Dense, Dropout, Flatten, Layer
from .losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Loss,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossentropy,
)
from .model import Model
from .optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

__version__ = "0.1.0"

if _language() == "zh":  # a Chinese chapter's kernel: its cells print and draw in Chinese
    from .chinese_kernel import speak_chinese

    speak_chinese()

__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Conv2D",
    "Dense",
    "Divergence",
    "DivergenceError",
    "Dropout",
    "EarlyStopping",
    "Flatten",
    "History",
    "Layer",
    "Linear",
    "Loss",
    "MaxPool2D",
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
