"""Long lists a page at a time."""

from dataclasses import dataclass
from math import ceil


def page_bounds(total: int, page: int, per_page: int) -> tuple[int, int, int]:
    """(page, pages, offset) for a list of `total` items; a page out of range becomes the
    nearest page, so an old link never shows an empty list."""
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    return page, pages, (page - 1) * per_page


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
