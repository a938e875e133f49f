# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Typed values passed between the steps of the erasure (Art. 17 GDPR).

Discovery fills a :class:`Discovery` (what belongs to the person and how it
was found); the planner extends it to an :class:`ErasurePlan` (legal hold,
restriction, accounts, preview lines); the engine executes the plan and the
log model records it. Plain Python: no database access here.
"""

from collections import defaultdict
from dataclasses import dataclass, field

# Actions after which the records hanging on a document go with it.
ERASING_ACTIONS = ("delete", "anonymize")
# Models whose preview lines describe what the cascade does beyond the rules;
# the audit log copies these lines.
CASCADE_MODELS = ("res.partner", "res.users", "mail.tracking.value", "res.partner.bank")
# Preview lines of the mentions in texts that stay (any model); logged too.
MENTION_ACTIONS = ("scrub", "keep_text")


def _sort_key(item):
    (model, action, rule_id), _count = item
    return model, action, rule_id or 0


@dataclass
class Identity:
    """What identifies the person in records without a partner link:
    normalized emails, the last nine digits of phone numbers, names."""

    emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    names: list = field(default_factory=list)


@dataclass
class Found:
    """Record ids of one model found for the person: ``link`` (a partner
    field, email, phone or text matches), ``pointer`` (attached to or part of
    an erased document)."""

    link: set = field(default_factory=set)
    pointer: set = field(default_factory=set)

    def ids(self):
        return self.link | self.pointer


@dataclass
class PlanLine:
    """One line of the preview: what happens to how many records of a model,
    under which rule and why."""

    model: str
    model_description: str
    action: str
    count: int
    rule_id: int | bool = False
    reason: str = ""
    via: str = ""


@dataclass
class Discovery:
    """What belongs to the person, and the action for each record.

    ``records`` maps model -> record id -> ``(action, rule_id)`` (``rule_id``
    False for the safe default); ``via`` maps model -> the fields or pointers
    the records were found through; ``record_hold`` maps ``(model, id)`` ->
    the end of the legal retention of that record."""

    partner_ids: list
    identity: Identity
    found: defaultdict = field(default_factory=lambda: defaultdict(Found))
    via: defaultdict = field(default_factory=lambda: defaultdict(set))
    records: defaultdict = field(default_factory=lambda: defaultdict(dict))
    record_hold: dict = field(default_factory=dict)

    def add_found(self, model, ids, kind, via):
        """Note ``ids`` of ``model`` as found through ``via`` (kind ``link``
        or ``pointer``)."""
        if not ids:
            return
        getattr(self.found[model], kind).update(ids)
        self.via[model].add(via)

    def ids_with_action(self, actions):
        """model -> ids whose action is one of ``actions``, for every
        classified model (empty sets included)."""
        return {
            model: {
                rid for rid, (action, _rule) in records.items() if action in actions
            }
            for model, records in self.records.items()
        }

    def ids_by_action(self):
        """action -> model -> set of ids."""
        by_action = defaultdict(lambda: defaultdict(set))
        for model, records in self.records.items():
            for rid, (action, _rule) in records.items():
                by_action[action][model].add(rid)
        return by_action

    def counts(self):
        """``((model, action, rule_id), count)`` pairs, sorted by model,
        action and rule."""
        counts = defaultdict(int)
        for model, records in self.records.items():
            for action, rule_id in records.values():
                counts[(model, action, rule_id)] += 1
        return sorted(counts.items(), key=_sort_key)


@dataclass
class ErasurePlan(Discovery):
    """What the erasure of a batch of partners does, computed without
    writing: the preview shows ``lines``, the engine executes the rest.

    ``root_ids`` are the partners asked for, ``partner_ids`` those plus their
    own addresses, ``extra_names`` names of a person who is no contact (a
    request's name, found on leads or mailing contacts by the email);
    ``hold_until`` maps a partner id to the end of the legal hold that
    restricts it (Art. 18) instead of anonymizing it; ``mentions`` maps
    model -> id -> field -> the text with the person's mentions replaced,
    ``files`` attachment id -> the content of a text file likewise."""

    root_ids: list = field(default_factory=list)
    extra_names: list = field(default_factory=list)
    blocking: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    hold_until: dict = field(default_factory=dict)
    user_ids: list = field(default_factory=list)
    bank_ids: list = field(default_factory=list)
    bank_kept_ids: list = field(default_factory=list)
    tracking_value_ids: list = field(default_factory=list)
    mentions: defaultdict = field(default_factory=lambda: defaultdict(dict))
    files: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)

    @property
    def restricted_ids(self):
        """Partners restricted under legal hold."""
        return set(self.hold_until)

    @property
    def anonymized_ids(self):
        """Partners anonymized now."""
        return set(self.partner_ids) - set(self.hold_until)

    @property
    def hold_date(self):
        """The latest end of a legal hold, or False."""
        return max(self.hold_until.values()) if self.hold_until else False

    @property
    def record_count(self):
        """Records the preview lines count."""
        return sum(line.count for line in self.lines)

    def cascade_lines(self):
        """Preview lines of the models the cascade handles itself and of the
        mentions in texts that stay."""
        return [
            line
            for line in self.lines
            if line.model in CASCADE_MODELS or line.action in MENTION_ACTIONS
        ]
