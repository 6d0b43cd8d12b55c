"""Everything PySide6: main window, pages, scan bus, wedge filter, feedback."""
