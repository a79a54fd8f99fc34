"""`python -m tui`: the same as the `liveblog` command."""

import sys

from tui.cli import main

sys.exit(main())
