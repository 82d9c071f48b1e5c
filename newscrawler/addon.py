"""Settings derived from other settings, worked out when a crawler starts (a Scrapy add-on).

The user agent names the operator's contact (``NEWSCRAWLER_CONTACT``). ``settings.py`` sees
only the environment at import time, so ``-s NEWSCRAWLER_CONTACT=`` would never reach it:
here it is computed from the crawler's final settings, ``-s`` and the environment alike; a
``USER_AGENT`` given on the command line still wins. Feeds get the export record's fields
(``FEED_EXPORT_FIELDS``: :data:`~newscrawler.storage.reads.RECORD_FIELDS`) unless given.
Scrapy's control servers, switched off in ``settings.py``, are also taken out of
``EXTENSIONS_BASE``: Scrapy imports every listed extension to order them, and the remote
control's aiohttp alone cost each crawl process 0.08 s of CPU and its memory. A distributed node gets its add-on
(:mod:`newscrawler.distributed.addon`).
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawler.storage.reads import RECORD_FIELDS


def user_agent(agent: str, contact: str) -> str:
    """'newscrawler/0.1 (+mailto:data@example.org)', or 'newscrawler/0.1' without a contact."""
    return agent + (f" (+{contact.strip()})" if contact and contact.strip() else "")


class DerivedSettings:
    """``ADDONS`` entry: fill in the settings that depend on others."""

    def update_settings(self, settings: BaseSettings) -> None:
        project = SETTINGS_PRIORITIES["project"]
        if (settings.getpriority("USER_AGENT") or 0) <= project:
            agent = user_agent(settings["NEWSCRAWLER_AGENT"], settings["NEWSCRAWLER_CONTACT"])
            settings.set("USER_AGENT", agent, priority="project")
        if (settings.getpriority("FEED_EXPORT_FIELDS") or 0) < project:
            settings.set("FEED_EXPORT_FIELDS", list(RECORD_FIELDS), priority="project")
        self.leave_out_switched_off(settings)

    @staticmethod
    def leave_out_switched_off(settings: BaseSettings) -> None:
        """Scrapy's extensions that are switched off and would open a port, not even imported."""
        off = {
            f"scrapy.extensions.{path}"
            for switch, path in (
                ("TELNETCONSOLE_ENABLED", "telnet.TelnetConsole"),
                ("REMOTE_CONTROL_ENABLED", "remote_control.RemoteControl"),
            )
            if not settings.getbool(switch)
        }
        base = settings.getdict("EXTENSIONS_BASE")
        if off & base.keys():
            kept = {path: order for path, order in base.items() if path not in off}
            settings.set("EXTENSIONS_BASE", kept, priority=settings.getpriority("EXTENSIONS_BASE") or "default")
