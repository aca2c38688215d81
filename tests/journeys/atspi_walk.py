"""Run by the system's python3 (pyatspi comes from the distribution, not from PyPI): find the
application named ``argv[1]`` on the AT-SPI bus, as Orca does, and print as JSON lines every
showing control (what the keyboard reaches, and the buttons and fields Orca's review finds):
its role, name and description."""

import json
import sys
import time

import pyatspi

ROLES_OF_DATA = {"table cell", "list item"}  # a cell's text is data: an empty one is blank
CONTROLS = {"push button", "toggle button", "check box", "radio button", "text", "password text",
            "combo box", "spin button", "page tab", "list", "table", "tree", "slider",
            "menu item", "entry"}


def find(name: str, seconds: float):
    desktop = pyatspi.Registry.getDesktop(0)
    deadline = time.time() + seconds
    while time.time() < deadline:
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.5)
    return None


def walk(node, depth: int = 0):
    for i in range(min(node.childCount, 500)):
        child = node.getChildAtIndex(i)
        if child is None:
            continue
        state = child.getState()
        role = child.getRoleName()
        control = role in CONTROLS or state.contains(pyatspi.STATE_FOCUSABLE)
        if control and state.contains(pyatspi.STATE_SHOWING):
            yield {"role": role, "name": child.name or "", "parent": node.name or "",
                   "parent_role": node.getRoleName(), "index": i,
                   "description": child.description or "",
                   "data": child.getRoleName() in ROLES_OF_DATA}
        if depth < 30:
            yield from walk(child, depth + 1)


app = find(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60)
if app is None:
    sys.exit(f"{sys.argv[1]} is not on the AT-SPI bus")
for found in walk(app):
    print(json.dumps(found, ensure_ascii=False))
