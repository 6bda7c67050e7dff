"""Text to `Article`: the stage between reading and mapping."""
from .wire import extract_wire as extract

__all__ = ["extract"]
