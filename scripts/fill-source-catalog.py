"""Fill the English catalog from the English msgids, so it is complete and a translator
can still change a wording there without touching the code.

Usage: python scripts/fill-source-catalog.py translations/en/LC_MESSAGES/messages.po
"""

import sys

from babel.messages.pofile import read_po, write_po


def main(path: str) -> None:
    with open(path, "rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = tuple(
                    message.id[0] if i == 0 else message.id[1]
                    for i in range(catalog.num_plurals)
                )
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main(sys.argv[1])
