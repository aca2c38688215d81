"""The demo's parcels and hand-overs: each person's plan, filled with items from the data
file's pools up to the parcel's weight."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from casefile.services.demo.data import Demo, Item, Parcels, Record, demo_id


def _pick_items(rng: random.Random, pools: Sequence[Sequence[Item]],
                limit_g: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    total = 0
    for pool in pools:
        for name, weight, most in rng.sample(list(pool), min(len(pool), rng.randint(2, 4))):
            quantity = rng.randint(1, most)
            if total + quantity * weight > limit_g:
                continue
            total += quantity * weight
            items.append({"name": name, "quantity": quantity, "unit_weight_g": weight})
    return items


def _parcel_items(demo: Demo, rng: random.Random, kind: str,
                  refused: bool) -> list[dict[str, Any]]:
    pools = demo.parcels
    if kind == "small_parcel":  # бандероль: up to 5 kg, books and paper
        books = [pools.book._replace(name=pools.book.name.format(book=b))
                 for b in demo.letters.books_ru]
        return _pick_items(rng, (books, pools.paper), 5_000)
    limit = 20_000 if kind == "parcel" else 12_000
    items = _pick_items(rng, (pools.food, pools.clothes, pools.hygiene, pools.paper), limit)
    if refused:
        items.append(dict(pools.refused_item))
    return items


def _declared(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """A parcel sent by post declares each item's value (form 107); a hand-over does not."""
    if kind == "handover":
        return items
    # A round price from the weight: no random draw, so the rest of the demo stays the same.
    return [{**item, "value_rub": f"{max(50, item['unit_weight_g'] // 20 * 10)}.00"}
            for item in items]


def parcels(demo: Demo, today: date, rng: random.Random) -> list[Record]:
    """Every planned, sent, accepted, refused and returned parcel, person by person."""
    texts: Parcels = demo.parcels
    records: list[Record] = []
    for key, plans in texts.plans.items():
        facility = demo.facility(demo.person(key).facility or "")
        for n, (days, status, kind) in enumerate(plans):
            data: dict[str, Any] = {
                "id": demo_id(f"parcel:{key}:{n:02d}"),
                "person_id": demo_id(f"person:{key}"),
                "facility_id": demo_id(f"facility:{facility.key}"),
                "kind": kind,
                "planned_on": (today + timedelta(days=days)).isoformat(),
                "status": status,
                "items": _declared(_parcel_items(demo, rng, kind, status == "refused"), kind),
                "packer": rng.choice(texts.packers),
                "carrier": rng.choice(texts.carriers[facility.kind]),
            }
            if status in texts.notes:
                data["notes"] = texts.notes[status]
            records.append(("parcel", data))
    return records
