"""The command line: options parsed here, the work done by the run layer."""

from .main import Terminated, main

__all__ = ["Terminated", "main"]
