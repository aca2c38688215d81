"""Keeping groups in step without a server: signed, encrypted bundle files.

``bundles`` holds what the CLI and window call: contacts, export, import, preview, conflicts;
beside it ``incoming`` checks what a bundle brings, ``relay`` keeps whom a write may not be
passed on to, ``signing`` the origins' signatures writes travel with, ``report`` what an import
did. ``bundlefiles`` the attached files a bundle carries; ``shared_folder`` the exchange
folders a sync tool or a USB stick carries, written and read by casefile itself. The bundle
format itself is ``casefile.sync``.
"""
