"""What the NNFS book prints for its chapter-17 runs, and its log line."""

from __future__ import annotations

from typing import NamedTuple


class Printed(NamedTuple):
    """One run of the book's chapter 17 as printed: its set-up and {epoch: (acc, loss)}."""

    hidden_layers: int
    init_scale: float
    learning_rate: float
    decay: float
    log: dict[int, tuple[float, float]]

    def settings(self) -> dict[str, float]:
        """Its set-up as keyword arguments of experiments.sine_run (and sine_regression)."""
        return {"init_scale": self.init_scale, "learning_rate": self.learning_rate,
                "decay": self.decay, "hidden_layers": self.hidden_layers}  # fmt: skip

    def differences(self, rows: list[LogRow]) -> list[str]:
        """Each printed epoch among `rows` whose accuracy or loss differs at three decimals."""
        ours = {row.epoch: (round(row.acc, 3), round(row.loss, 3)) for row in rows}
        return [
            f"epoch {epoch}: ours (acc, loss) {ours[epoch]}, the book's {printed}"
            for epoch, printed in self.log.items()
            if epoch in ours and ours[epoch] != printed
        ]


#: The runs the book prints for chapter 17, transcribed for comparison only.
PRINTED = [
    Printed(1, 0.01, 0.001, 0.0,
            {0: (0.002, 0.500), 100: (0.003, 0.346), 9900: (0.003, 0.145), 10000: (0.004, 0.145)}),
    Printed(2, 0.01, 0.001, 0.0,
            {0: (0.002, 0.500), 100: (0.003, 0.187), 9900: (0.617, 0.031), 10000: (0.620, 0.031)}),
    Printed(2, 0.01, 0.01, 1e-3,
            {0: (0.002, 0.500), 100: (0.027, 0.061), 9900: (0.565, 0.031), 10000: (0.564, 0.031)}),
    Printed(2, 0.01, 0.05, 1e-3,
            {0: (0.002, 0.500), 100: (0.087, 0.031), 9900: (0.275, 0.031), 10000: (0.229, 0.031)}),
    Printed(2, 0.1, 0.001, 0.0,
            {0: (0.003, 0.496), 100: (0.005, 0.114), 9900: (0.869, 0.000), 10000: (0.883, 0.000)}),
    Printed(2, 0.1, 0.01, 1e-3,
            {0: (0.003, 0.496), 100: (0.065, 0.011), 9900: (0.958, 0.000), 10000: (0.949, 0.000)}),
    Printed(2, 0.1, 0.05, 1e-3,
            {0: (0.003, 0.496), 100: (0.016, 0.008), 9900: (0.221, 0.000), 10000: (0.631, 0.000)}),
    Printed(2, 0.1, 0.005, 1e-3,
            {0: (0.003, 0.496), 100: (0.017, 0.048), 9900: (0.982, 0.000), 10000: (0.981, 0.000)}),
]  # fmt: skip


class LogRow(NamedTuple):
    """One line of the book's training log."""

    epoch: int
    acc: float
    loss: float
    data_loss: float
    reg_loss: float
    lr: float

    def __str__(self) -> str:
        return (
            f"epoch: {self.epoch}, acc: {self.acc:.3f}, loss: {self.loss:.3f} "
            f"(data_loss: {self.data_loss:.3f}, reg_loss: {self.reg_loss:.3f}), "
            f"lr: {self.lr}"
        )
