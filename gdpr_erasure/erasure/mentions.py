# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Mentions of an erased person in texts that stay (Art. 17 GDPR).

A task named "Call Max Mustermann" or a meeting note with the person's email
stays for the other people it belongs to, but the person's identifiers are
replaced in it. Plain Python: no database access here.

What counts as a mention, chosen so that other people's data in the same
text is never touched:

- a full name of at least two words, in any letter case, as a whole word
  sequence ("Max Mustermann", "max  mustermann", "Mustermann, Max"); a
  single first or last name is not unique enough to be replaced safely;
- an email address of the person, as a whole address;
- a phone number in any common notation ("+49 171 1234567",
  "0171/123 45 67", "(0171) 1234567") whose last nine digits are those of one
  of the person's numbers.
"""

import html
import re

# A phone number as written in texts: digits with blanks, dots, dashes,
# slashes and parentheses between them, optionally a leading "+".
PHONE_RE = re.compile(r"(?<![\w+])(?:\+|\()?\d[\d \t().\-/]{4,}\d(?![\w@])")
PHONE_MIN_DIGITS = 6
# Between the words of a name: blanks, also as written in HTML.
BLANK = r"(?:\s|&nbsp;)+"


def _name_variants(name):
    """Word lists of a full name: as written and "Last, First"."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [parts, [parts[-1] + ","] + parts[:-1]]


class MentionMatcher:
    """Replaces the identifiers of one or more persons in texts.

    ``names`` are full names, ``emails`` normalized addresses, ``phones`` the
    last nine digits of phone numbers (see ``Identity``)."""

    def __init__(self, names=(), emails=(), phones=(), placeholder="[erased]"):
        self.placeholder = placeholder
        self.phones = {p[-9:] for p in phones if len(p) >= PHONE_MIN_DIGITS}
        self.names = sorted({n for n in names if len(n.split()) >= 2}, key=len)[::-1]
        alternatives = []
        for name in self.names:
            for words in _name_variants(name):
                escaped = [re.escape(w) for w in words]
                alternatives.append(BLANK.join(escaped))
                html_words = [re.escape(html.escape(w, quote=False)) for w in words]
                if html_words != escaped:
                    alternatives.append(BLANK.join(html_words))
        if alternatives:
            # German and English genitive: "Max Mustermanns Auftrag".
            alternatives = [f"(?:{'|'.join(alternatives)})(?:['\u2019]?s)?"]
        for email in sorted(set(emails), key=len, reverse=True):
            alternatives.append(re.escape(email))
        self.text_re = None
        if alternatives:
            pattern = "|".join(alternatives)
            self.text_re = re.compile(
                rf"(?<![\w.@+-])(?:{pattern})(?![\w@-]|\.\w)", re.IGNORECASE
            )

    def __bool__(self):
        return bool(self.text_re or self.phones)

    def _phone_sub(self, match):
        token = match.group(0)
        digits = re.sub(r"\D", "", token)
        if len(digits) < PHONE_MIN_DIGITS or digits[-9:] not in self.phones:
            return token
        # "(0171 1234567)": the opening parenthesis belongs to the sentence.
        if token.startswith("(") and ")" not in token:
            return "(" + self.placeholder
        return self.placeholder

    def sub(self, text):
        """``(new_text, count)``: ``text`` with every mention replaced."""
        if not text or not isinstance(text, str):
            return text, 0
        count = 0
        if self.text_re:
            text, count = self.text_re.subn(self.placeholder, text)
        if self.phones:
            replaced = []

            def phone_sub(match):
                new = self._phone_sub(match)
                if new != match.group(0):
                    replaced.append(1)
                return new

            text = PHONE_RE.sub(phone_sub, text)
            count += len(replaced)
        return text, count

    def sub_value(self, value, placeholders=None):
        """Like :meth:`sub` for a column value: a string, or a dict of
        translations (language -> text) replaced per language, with the
        placeholder of that language from ``placeholders`` when given."""
        if not isinstance(value, dict):
            return self.sub(value)
        result, total = {}, 0
        default = self.placeholder
        try:
            for lang, text in value.items():
                self.placeholder = (placeholders or {}).get(lang, default)
                result[lang], count = self.sub(text)
                total += count
        finally:
            self.placeholder = default
        return result, total
