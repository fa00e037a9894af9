"""`python -m jiuye …` is the `jiuye` command."""
import sys

from jiuye.cli import main

sys.exit(main())
