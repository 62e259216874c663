"""Kaizen: continuous improvement on the shop floor, in hospitals and in offices."""

__version__ = "0.1.0"
APP_NAME = "Kaizen"
