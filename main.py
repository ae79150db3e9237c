"""PartnerHelp launcher: see ``viewer.cli`` (``python main.py --help``)."""
import sys

from viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
