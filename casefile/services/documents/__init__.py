"""Printed documents: gather the records through the session and hand plain dicts to
``casefile.printing``, which lays out the PDF in memory (``printing``).
"""
