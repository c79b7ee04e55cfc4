import io
import unicodedata

import pytest
from pypdf import PdfReader

from briefing.render import Meta, Style, render
from briefing.render.rtl import has_rtl, visual


def test_left_to_right_text_is_untouched():
    text = "Moscow and Tehran, Москва и Тегеран, Αθήνα — 2017"
    assert not has_rtl(text)
    assert visual(text) is text


def test_a_persian_name_in_english_text_is_reordered_and_joined_in_place():
    text = "Zarif (محمد جواد ظریف) met Lavrov."
    shown = visual(text)
    assert shown.startswith("Zarif (") and shown.endswith(") met Lavrov.")
    inner = shown[len("Zarif (") : -len(") met Lavrov.")]
    # Joined letter forms, drawn right to left: the reverse of the logical text, once normalised.
    assert inner != "محمد جواد ظریف"
    assert unicodedata.normalize("NFKC", inner)[::-1] == "محمد جواد ظریف"


@pytest.mark.parametrize("name", ["محمد جواد ظریف و سرگئی لاوروف", "ابراهیم رئیسی", "الرئيس الإيراني"])
def test_pdf_text_of_right_to_left_names_reads_back_as_written(name):
    data = render(f"# Names\n\nThe minister {name} spoke.\n", "pdf", Style(), Meta(title="t"))
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert name in unicodedata.normalize("NFKC", text)
