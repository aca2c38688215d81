"""The demo vault: realistic sample data a newcomer can open at once. ``data`` reads its
people, cases, letters, parcels and money from ``resources/demo/demo.json``; ``records`` turns
them into records for a given day (with ``letters``, ``parcels`` and ``money``); ``vault``
makes the vault.
"""
