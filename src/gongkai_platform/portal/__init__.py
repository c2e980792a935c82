"""The public portal (no login): the four statutory columns of each unit, browsing and search of
published catalog items, Atom feeds, and applying online (条例 §§12, 22–24, 29, 31)."""
