"""Which authorities a board's title zone names when no board name says it.

A masthead may name a shared board's authorities in a row (`Hammersmith & Fulham | Kensington and
Chelsea | Westminster`): all of them are the board's, up to three (no board was shared by more).
Otherwise a title zone that names several authorities is speaking of neighbours and partners, and
only the board's own authority is kept.
"""

from __future__ import annotations

import re
from collections import Counter

from ...text.gazetteer import Gazetteer

# no board has been shared by more than three authorities: a longer row of names is a neighbourhood
MAX_JOINT = 3
_JOINERS = re.compile(r"^(?:[\s,|&/·•–-]|\band\b)*$", re.I)


def joint_masthead(zone: str, gazetteer: Gazetteer) -> list[str]:
    """A title line of authority names alone:
    `Hammersmith & Fulham | Kensington and Chelsea | Westminster`, maybe wrapped onto a second line
    (then the two lines together name more authorities than the first alone)."""
    lines = zone.splitlines()
    best: list[str] = []
    for line in lines + [f"{a} {b}" for a, b in zip(lines, lines[1:], strict=False)]:
        names = _names_alone(line, gazetteer)
        if len(names) > len(best):
            best = names
    return best


def _names_alone(line: str, gazetteer: Gazetteer) -> list[str]:
    """The authorities a line names when it holds nothing else but joiners."""
    mentions = gazetteer.iter_mentions(line, uk_context=True)
    if not 2 <= len({m.name for m in mentions}) <= MAX_JOINT:
        return []
    rest, last = [], 0
    for m in mentions:
        rest.append(line[last:m.start])
        last = m.end
    rest.append(line[last:])
    if all(_JOINERS.match(piece) for piece in rest):
        return list(dict.fromkeys(m.name for m in mentions))
    return []


def own_authority(named: list[str], mentions: Counter[str]) -> str:
    """The authority a title zone names when no board name does: `Islington Council`. A zone that
    lists neighbours (`Walsall, Dudley, Sandwell and Wolverhampton`) gives the one the document
    speaks of most, the first named on a tie, never the whole neighbourhood."""
    if len(named) <= 1:
        return named[0] if named else ""
    return max(named, key=lambda name: (mentions[name], -named.index(name)))


def zone_authorities(zone: str, mentions: Counter[str], multi: int, gazetteer: Gazetteer) -> list[str]:
    """The board's authorities from its title zone: a joint masthead's, a shared board's (`Tri-borough`,
    `multi` > 0) as listed, else the one own authority; [] when the zone names none."""
    named = gazetteer.find_local_authorities(zone, uk_context=True)
    joint = joint_masthead(zone, gazetteer)
    if joint or (multi and 1 < len(named) <= MAX_JOINT):
        return joint or named
    own = own_authority(named, mentions)
    return [own] if own else []
