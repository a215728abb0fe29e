#!/usr/bin/python3
"""Prints the path of the calendar home of CALDAV_USER, found from CALDAV_URL through
current-user-principal (RFC 5397) and calendar-home-set (RFC 4791 6.2.1)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from davcheck import Dav  # noqa: E402

try:
    print(Dav().discover_home())
except Exception as e:  # noqa: BLE001
    sys.exit(f"discover-home: FAIL: {e}")
