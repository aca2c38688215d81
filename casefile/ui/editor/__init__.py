"""The record editor, built from the field specs: one input per writable field.

``form`` holds the editor itself (``RecordEditor``: the form, loading, changes, saving);
``bindings`` reads and writes one field's value in its input, whatever widget that is, and
chooses the input for each kind of field; the inputs that Qt lacks are ``dates`` (a date, a
time, a date and time on the court's clock), ``zones`` (a time zone) and ``pickers`` (one
record, or a list of records, chosen by typing part of a name).
"""
