# The PYTHONSTARTUP of the arithmetic leg's kernels. IPython runs it in the learner's
# namespace, so it installs the hooks and leaves no name of its own behind.
import busy_while_timing
from IPython import get_ipython

busy_while_timing.install(get_ipython())
del busy_while_timing, get_ipython
