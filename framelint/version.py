"""The version of framelint."""

__version__ = "0.1.0"
