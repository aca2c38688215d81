"""Keeping groups in step without a server: signed, encrypted bundle files.

``bundles`` holds contacts, sharing scopes, export and import; ``bundlefiles`` the attached files
a bundle carries; ``shared_folder`` the exchange folders a sync tool or a USB stick carries, written
and read by casefile itself. The bundle format itself is ``casefile.sync``.
"""
