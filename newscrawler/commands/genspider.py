"""``scrapy genspider`` that also names the parser class: ``scrapy genspider -t article_site NAME DOMAIN``."""

from __future__ import annotations

from typing import Any

from scrapy.commands.genspider import Command as ScrapyGenspiderCommand


class Command(ScrapyGenspiderCommand):
    def _generate_template_variables(self, module: str, name: str, url: str, template_name: str) -> dict[str, Any]:
        variables = super()._generate_template_variables(module, name, url, template_name)
        variables["parsername"] = variables["classname"].removesuffix("Spider") + "Parser"
        return variables
