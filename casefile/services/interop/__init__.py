"""Other programs' formats, in and out: spreadsheets (``tablefile`` reads CSV/XLSX,
``tablemap`` maps columns to fields, ``tables`` previews and imports rows), contacts as vCard
(``vcards``) and hearings and deadlines as iCalendar (``calendar``).
"""
