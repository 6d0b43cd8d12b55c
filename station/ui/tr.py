"""``tr()`` for code outside a QObject class.

pyside6-lupdate files module-level ``tr("...")`` calls under the empty
context, so that is the context looked up here.
"""

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)
