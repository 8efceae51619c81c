"""What changed in a follow-up's words: a word-level diff for the history and for kansliet's
review of a resubmission.

Insertions and deletions are <ins> and <del> with a visually hidden "tillagt"/"borttaget", so
the change is not told by colour (or strike-through) alone.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import FollowUp, State

# The follow-up's fields that hold prose: shown as a diff, never as two whole texts.
TEXT_FIELDS = ("text", "status_reason", "return_comment")
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return TOKENS.findall(text or "")


def _marked(tag: str, hidden: str, words: list[str]) -> str:
    text = "".join(words)
    if not text.strip():
        return escape(text)
    return f'<{tag}><span class="visually-hidden">{escape(hidden)}: </span>{escape(text)}</{tag}>'


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words added since `old` in <ins> and the words removed in <del>."""
    before, after = _tokens(old), _tokens(new)
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    # "20 000" → "27 531" reads as one change, not two split by an unchanged space.
    merged = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and not "".join(after[b1:b2]).strip()
        if merged and (op != "equal" or between_changes) and merged[-1][0] != "equal":
            merged[-1] = ("replace", merged[-1][1], a2, merged[-1][3], b2)
        else:
            merged.append((op, a1, a2, b1, b2))
    parts = []
    for op, a1, a2, b1, b2 in merged:
        if op == "equal":
            parts.append(escape("".join(after[b1:b2])))
            continue
        if a2 > a1:
            parts.append(_marked("del", _("borttaget"), before[a1:a2]))
        if b2 > b1:
            parts.append(_marked("ins", _("tillagt"), after[b1:b2]))
    # Safe: every part is escaped text or one of _marked's fixed tags around escaped text.
    return mark_safe("".join(parts))  # nosec B308, B703


def text_changes(record, previous) -> list[dict]:
    """A history record's prose fields as {field, diff}: the words changed since the record
    before it, or the whole first text when there is none."""
    changes = []
    for name in TEXT_FIELDS:
        new = getattr(record, name, "") or ""
        if previous is None:
            if new:
                changes.append({"field": FollowUp._meta.get_field(name).verbose_name, "first": new})
            continue
        old = getattr(previous, name, "") or ""
        if old != new:
            changes.append({"field": FollowUp._meta.get_field(name).verbose_name, "diff": word_diff(old, new)})
    return changes


@dataclass
class Return:
    date: object
    user: object
    comment: str


@dataclass
class SinceReturn:
    returns: list[Return]
    text: SafeString | None
    status_reason: SafeString | None
    status_before: str
    status_changed: bool


def since_return(follow_up) -> SinceReturn | None:
    """For a resubmission: kansliet's earlier return comments, and how the text changed since
    the last return. None when the follow-up was never returned."""
    if follow_up.state != State.SUBMITTED:
        return None
    records = list(
        follow_up.history.filter(history_change_reason="return").select_related("history_user").order_by("history_date")
    )
    if not records:
        return None
    last = records[-1]
    return SinceReturn(
        returns=[Return(r.history_date, r.history_user, r.return_comment) for r in records if r.return_comment],
        text=word_diff(last.text, follow_up.text) if last.text != follow_up.text else None,
        status_reason=(
            word_diff(last.status_reason, follow_up.status_reason)
            if last.status_reason != follow_up.status_reason
            else None
        ),
        status_before=last.get_status_display() if last.status else "",
        status_changed=last.status != follow_up.status,
    )
