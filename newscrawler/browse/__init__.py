"""The data team's browser: newscrawler's Datasette plugin (``plugin``), its canned
queries (``queries``) and its stylesheet and script (``static/``). ``newscrawler serve``
starts Datasette on the database; plain ``datasette FILE`` loads the plugin too (an entry
point), for any file that holds newscrawler's tables, whatever it is called."""
