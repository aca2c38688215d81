"""Fonts, icons, translations and templates, read with importlib.resources."""
