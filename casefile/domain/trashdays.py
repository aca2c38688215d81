"""How long a deleted record can be brought back from the trash (vault/trash.py)."""

KEEP_DAYS = 30
