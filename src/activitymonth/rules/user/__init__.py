"""User rules without Python: parameterised templates and safe CEL expressions.

A county office writes its own requirements in a YAML rules file (see
``docs/user-rules.md``); ``load_user_rules`` turns each entry into a real ``Rule``
subclass, which ``rules.check(..., extra_rules=...)`` runs like a built-in rule.
"""

from activitymonth.rules.user.base import UserRule
from activitymonth.rules.user.loader import load_user_rules

__all__ = ["UserRule", "load_user_rules"]
