"""PartnerHelp: an offline desktop help viewer for the partner-centre FAQ."""

__version__ = "0.1.0"
APP_NAME = "PartnerHelp"
