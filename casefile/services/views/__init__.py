"""Read models: the numbers and lists the window and the printed documents show.

Each figure shown in two places comes from one function here: the dashboard and a person's page
(``dashboard``), a parcel against its facility's limits (``allowance``), the ledger (``money``),
the charts (``charts``) and a case's course on one time axis (``timeline``).
"""
