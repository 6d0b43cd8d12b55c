"""The supervisor's board, widget by widget: the figure tiles (``tiles``), the hourly
charts (``charts``), the tables per operator, per bench and for all benches
(``tables``), the exceptions (``exceptions``), the whole board (``view``) and the
board full screen on a wall (``window``). The dashboard page
(``station.ui.pages.dashboard_page``) shows one board and refreshes it."""
