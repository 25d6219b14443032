"""The whole engine on one screen: the math of the methods, without checks or hints."""

import nnbook as nb
from nnbook.display import engine, math_only


def test_math_only_drops_docstring_hints_and_the_unchecked_plumbing():
    text = math_only(nb.Model._backward)
    assert text.splitlines()[0] == "def _backward(self, output, y):"
    assert "math_of" not in text and '"""' not in text
    assert "grad = layer.backward(grad)" in text


def test_the_engine_listing_groups_methods_by_class():
    listing = engine(nb.Dense.forward, nb.Dense.backward, nb.Adam.update).data
    assert listing.count("class Dense:") == 1 and "class Adam:" in listing
    assert "self.dinputs = self.dot(dy, self.weights.T)" in listing
    assert "check" not in listing
