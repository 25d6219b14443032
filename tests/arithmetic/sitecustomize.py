"""Another machine's arithmetic, for tests only: every seeded initial weight one unit in
the last place up (NNBOOK_NUDGE=up) or down (=down).

Python imports this module at start-up when its folder is on PYTHONPATH, which the
arithmetic tests arrange for every process of a run (kernels and sweep workers alike).
Float32 training is chaotic: a one-ulp change of the start changes the last bits of
every later step, as another CPU, BLAS kernel or thread count does, and the runs then
part ways. A claim that holds only for the unnudged start is one machine's accident.
"""

import os

DIRECTION = os.environ.get("NNBOOK_NUDGE")

if DIRECTION in ("up", "down"):
    import numpy as np

    from nnbook.convolution import Conv2D
    from nnbook.layers import Dense

    def nudged(init):
        """The layer's __init__, then its weights moved one ulp towards ±inf."""

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            weights = self.params["weights"]
            weights[...] = np.nextafter(weights, np.inf if DIRECTION == "up" else -np.inf)

        return __init__

    for layer in (Dense, Conv2D):
        layer.__init__ = nudged(layer.__init__)
