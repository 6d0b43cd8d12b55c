"""What the bench names by a code is shown by a name in the UI's language: every
print job's kind (Waybills page), every platform of an e-waybill (pack-out, Sync)."""

import pytest

from station.services.printing import JOB_KINDS
from station.ui.messages import MESSAGES, PLATFORM_NAMES, message, platform_name

CHINESE = {"cainiao": "菜鸟", "pdd": "拼多多", "douyin": "抖店"}


@pytest.mark.parametrize("kind", JOB_KINDS)
def test_every_print_job_kind_has_a_name_in_both_languages(translations, kind):
    assert f"job_kind_{kind}" in MESSAGES
    translations.set_language("en")
    english = message(f"job_kind_{kind}")
    translations.set_language("zh_CN")
    chinese = message(f"job_kind_{kind}")
    assert english != f"job_kind_{kind}" and chinese != english


def test_a_print_job_of_an_unknown_kind_is_refused(demo_services):
    with pytest.raises(ValueError, match="unknown print job kind 'sheet'"):
        demo_services.printing.submit("sheet", b"x", language="pdf", role="document")


@pytest.mark.parametrize("code,name", sorted(CHINESE.items()))
def test_a_platform_is_named_in_the_uis_language(translations, code, name):
    translations.set_language("zh_CN")
    assert platform_name(code) == name
    text = message("waybill_source_platform", {"provider": code})
    assert name in text and code not in text
    translations.set_language("en")
    assert platform_name(code) == PLATFORM_NAMES[code]


def test_an_unknown_platform_code_is_shown_as_it_is(translations):
    translations.set_language("zh_CN")
    assert platform_name("wechat_channels") == "wechat_channels"
