"""Full-width punctuation in Chinese text (GB/T 15834): the one rule the fidelity check, the
style check and the pages share.

The report's source text lost its full-width punctuation (``,`` where the published report has
``，``). The restoration is exact about context: an ASCII ``,`` ``;`` or ``:`` becomes full-width
only where a Chinese character (or Chinese punctuation) stands right beside it, and a pair of
ASCII parentheses only where one of them touches Chinese. Figures (``1,000``, ``4.8``, ``10:30``),
addresses (``https://``) and Latin or English phrases (``GE HealthCare, Inc.``) have no Chinese
beside their punctuation and are left as written. The substitution keeps every text's length,
so positions found in the original (glossary terms) hold in the corrected text.
"""

from __future__ import annotations

from .textutil import is_han

#: The rule's name, as a correction in a report's ``corrections`` records it.
RULE = "fullwidth-punctuation"

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
#: What the About page and the feed show for the rule: the marks it changes, and into what.
SHOWN = (" ".join(FULL_WIDTH), "".join(FULL_WIDTH.values()))
_SEPARATORS = ",;:"


def is_chinese(char: str) -> bool:
    """A Chinese character, or Chinese (CJK or full-width) punctuation."""
    code = ord(char)
    return (
        is_han(char)
        or 0x3000 <= code <= 0x303F  # 、。《》「」…
        or 0xFF00 <= code <= 0xFFEF  # ，；：（）…
    )


def _touches_chinese(chars: list[str], index: int) -> bool:
    before = chars[index - 1] if index > 0 else ""
    after = chars[index + 1] if index + 1 < len(chars) else ""
    return any(c and is_chinese(c) for c in (before, after))


def _pairs(text: str) -> dict[int, int]:
    """Each ASCII parenthesis -> its partner (unpaired ones map to themselves)."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")":
            if stack:
                opening = stack.pop()
                partner[opening], partner[index] = index, opening
            else:
                partner[index] = index
    partner.update({index: index for index in stack})
    return partner


def halfwidth_positions(text: str) -> list[int]:
    """Positions of the ASCII punctuation the rule makes full-width, in order."""
    chars = list(text)
    found: set[int] = set()
    pairs = _pairs(text)
    changed = True
    while changed:  # a converted mark is Chinese punctuation for its neighbours: "),"
        changed = False
        for index in [i for i, c in enumerate(chars) if c in FULL_WIDTH and i not in found]:
            char = chars[index]
            if index in found:
                continue
            if char in _SEPARATORS:
                hit = _touches_chinese(chars, index)
            else:
                partner = pairs[index]
                hit = _touches_chinese(chars, index) or _touches_chinese(chars, partner)
                if hit and partner != index:
                    found.add(partner)
                    chars[partner] = FULL_WIDTH[text[partner]]
            if hit:
                found.add(index)
                chars[index] = FULL_WIDTH[char]
                changed = True
    return sorted(found)


def fullwidth_punctuation(text: str) -> str:
    """``text`` with the ASCII punctuation that sits in Chinese made full-width."""
    if not any(c in FULL_WIDTH for c in text):
        return text
    chars = list(text)
    for index in halfwidth_positions(text):
        chars[index] = FULL_WIDTH[chars[index]]
    return "".join(chars)
