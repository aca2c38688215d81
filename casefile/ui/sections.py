"""The sidebar's sections, in the order people look for things (the menu's Alt+1… follow it)."""

SECTIONS = ("dashboard", "person", "case", "hearing", "letter", "parcel", "contact",
            "facility", "payment", "event", "task", "sync")
