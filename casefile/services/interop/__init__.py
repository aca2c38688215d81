"""Other programs' formats, in and out: spreadsheets (``tablefile`` reads CSV/XLSX,
``tablemap`` maps columns to fields, ``tablecells`` reads cells as values, ``tablematch``
matches rows to records already there, ``tables`` previews and imports rows), contacts as
vCard (``vcards``) and hearings and deadlines as iCalendar (``calendar``).
"""
