import pytest

from aftermath.nlp.language import detect_language


@pytest.mark.parametrize(("text", "code"), [
    ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in Syria.", "en"),
    ("Rusya ve Türkiye salı günü Suriye'de ateşkes için görüşmelere başlamayı kabul etti.", "tr"),
    ("Россия и Турция во вторник договорились начать переговоры о перемирии в Сирии.", "ru"),
    ("Ankara, 19 Dec", "und"),
])
def test_detect_language_names_the_language_or_undetermined(text: str, code: str):
    assert detect_language(text) == code
