"""``python -m viewer`` does the same as ``python main.py``."""
import sys

from viewer.cli import main

sys.exit(main())
