"""Parameters laid end to end (chapter 5): how an optimizer updates a whole model at once.

The update rules of chapter 5 are elementwise: each element of a parameter moves
by its own gradient and its own state. So a rule applied to all parameters laid
end to end in one vector gives every element exactly what it would get array by
array, to the last bit, in a dozen NumPy calls instead of a dozen per array. The
parameters stay where they are (each layer keeps its own arrays); a group copies
them in before the update and back after, which costs far less than the calls saved.
"""

from __future__ import annotations

import numpy as np


class FlatGroup:
    """Parameter arrays of one dtype whose gradients share a dtype, with their state."""

    def __init__(self, params: list[np.ndarray], grads: list[np.ndarray], slot_names) -> None:
        self.params = params
        self.bounds = np.cumsum([0] + [p.size for p in params])
        self.vector = np.concatenate([p.ravel() for p in params])
        self.gradient = np.concatenate([g.ravel() for g in grads])
        # The state takes the dtype of parameter and gradient together, as NumPy would:
        # float64 where a float64 gradient meets float32 weights (the NNFS book's output bias).
        dtype = np.result_type(self.vector, self.gradient)
        self.slots = {name: np.zeros(len(self.vector), dtype) for name in slot_names}

    def gather(self, grads: list[np.ndarray]) -> None:
        """Copy the current parameters and these gradients into the flat vectors."""
        np.concatenate([p.ravel() for p in self.params], out=self.vector)
        np.concatenate([g.ravel() for g in grads], out=self.gradient)

    def scatter(self) -> None:
        """Copy the updated vector back into the parameters."""
        for param, start, stop in zip(self.params, self.bounds, self.bounds[1:]):
            param[...] = self.vector[start:stop].reshape(param.shape)

    def slots_of(self, param: np.ndarray) -> dict[str, np.ndarray] | None:
        """The state of one parameter (views into the group's), or None if not in it."""
        for i, member in enumerate(self.params):
            if member is param:
                span = slice(self.bounds[i], self.bounds[i + 1])
                return {name: s[span].reshape(param.shape) for name, s in self.slots.items()}
        return None


def grouped(
    params: list[np.ndarray], grads: list[np.ndarray], old: list[FlatGroup], slot_names
) -> list[FlatGroup]:
    """Groups of (parameter dtype, gradient dtype), in order, carrying over any state
    the old groups held for the same parameters."""
    kinds: dict[tuple, list[int]] = {}
    for i, (param, grad) in enumerate(zip(params, grads)):
        kinds.setdefault((param.dtype, grad.dtype), []).append(i)
    groups = []
    for members in kinds.values():
        group = FlatGroup([params[i] for i in members], [grads[i] for i in members], slot_names)
        for param in group.params:
            new = group.slots_of(param)
            for previous in old:
                state = previous.slots_of(param)
                if state is not None:
                    for name in slot_names:
                        new[name][...] = state[name]
        groups.append(group)
    return groups
