"""connector-advisor: decide which Exchange Online / EOP mail-flow connectors you need."""

__version__ = "0.2.0"
