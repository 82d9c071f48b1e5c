"""Settings derived from other settings, worked out when a crawler starts (a Scrapy add-on).

The user agent names the operator's contact (``NEWSCRAWLER_CONTACT``). Computed in
``settings.py`` it saw only the environment at import time, so ``-s NEWSCRAWLER_CONTACT=``
never reached it. Here it is computed from the crawler's final settings, ``-s`` and the
environment alike; a ``USER_AGENT`` given on the command line still wins.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

BOT = "newscrawler/0.1"


def user_agent(contact: str) -> str:
    """'newscrawler/0.1 (+mailto:data@example.org)', or 'newscrawler/0.1' without a contact."""
    return BOT + (f" (+{contact.strip()})" if contact and contact.strip() else "")


class DerivedSettings:
    """``ADDONS`` entry: fill in the settings that depend on others."""

    def update_settings(self, settings: BaseSettings) -> None:
        if (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["project"]:
            settings.set("USER_AGENT", user_agent(settings.get("NEWSCRAWLER_CONTACT", "")), priority="project")
