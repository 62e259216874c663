"""Tests of the Qt user interface, driven with pytest-qt over real services."""
