"""The demo vault: realistic sample data a newcomer can open at once (``vault`` makes it,
``data`` holds its people, cases, letters, parcels and money).
"""
