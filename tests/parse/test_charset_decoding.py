"""Page and feed bytes decoded as a browser would, with labels the bytes contradict passed over.

Short real-language texts (the case where guessing fails: a line or two), in legacy encodings
with and without labels, with wrong labels, and in UTF-8 under wrong single-byte labels.
"""

from __future__ import annotations

import pytest

from crawler.parse.charset import decode_markup
from crawler.parse.docfile import document_from_bytes
from crawler.parse.extract import extract_article
from crawler.parse.feeds import parse_feed

# (language, legacy encoding, sentence): mixed and upper case, each a line a paper might print.
LEGACY = [
    ("ru", "cp1251", "Теракт в Белуджистане. Трое погибших."),
    ("ru", "cp1251", "Теракт в Турбате. Трое погибших."),
    ("ru", "cp1251", "ВЗРЫВ В КВЕТТЕ: ПОГИБЛИ ТРОЕ ПОЛИЦЕЙСКИХ"),
    ("ru", "cp1251", "Ещё Пять Человек Ранены В Мастунге"),
    ("ru", "cp1251", "Боевики Армии освобождения Белуджистана атаковали конвой."),
    ("ru", "cp1251", "Нападение на пост ФК в Кеч: двое раненых."),
    ("uk", "cp1251", "Вибух у Кветті: троє загиблих, ще п'ятеро поранені."),
    ("bg", "cp1251", "Атентат в Куета: трима загинали полицаи."),
    ("fr", "cp1252", "Une trêve naïve : le cessez-le-feu n'a pas tenu."),
    ("fr", "cp1252", "L'idée naïve d'une trêve."),
    ("fr", "cp1252", "Élection : où en est la coalition ? « Rien n'est décidé »"),
    ("fr", "cp1252", "Embuscade près de Turbat."),
    ("fr", "cp1252", "ATTENTAT À QUETTA : TROIS POLICIERS TUÉS"),
    ("fr", "cp1252", "Noël à Quetta, malgré la menace d'une nouvelle attaque"),
    ("de", "cp1252", "Schüsse in Quetta. Drei Tote."),
    ("de", "cp1252", "Schüsse auf Polizeiposten in Quetta – drei Tote."),
    ("de", "cp1252", "ÜBERFALL AUF GRENZPOSTEN: FÜNF VERLETZTE"),
    ("de", "cp1252", "Die Straße zum Basar bleibt gesperrt, größere Schäden gab es nicht."),
    ("es", "cp1252", "¿Quién está detrás del atentado? Nadie lo reivindicó."),
    ("it", "cp1252", "Tre poliziotti uccisi, più di cinque feriti."),
    ("pl", "cp1250", "Zamach w Kwecie: zginęło trzech policjantów."),
    ("pl", "cp1250", "Żołnierze zostali ranni podczas ataku na konwój."),
    ("ar", "cp1256", "انفجار في كويتا يقتل ثلاثة من رجال الشرطة"),
    ("el", "cp1253", "Έκρηξη στην Κουέτα: τρεις νεκροί αστυνομικοί."),
    ("tr", "cp1254", "Ketta'da patlama: üç polis öldü, beş kişi yaralandı."),
]
UTF8_ONLY = [
    ("ur", "کوئٹہ میں دھماکہ، تین پولیس اہلکار ہلاک"),
    ("ur", "زخمیوں کو سول اسپتال منتقل کر دیا گیا۔"),
    ("ur", "بلوچستان لبریشن آرمی نے ذمہ داری قبول کر لی"),
    ("ru", "ВЗРЫВ В КВЕТТЕ: ПОГИБЛИ ТРОЕ"),
    ("fr", "Une trêve naïve à Quetta"),
    ("de", "Schüsse in Quetta – drei Tote"),
]
# Single-byte labels a misconfigured server or template puts on UTF-8 pages.
WRONG_LABELS = ["windows-1251", "windows-1252", "iso-8859-1", "windows-1256", "koi8-r"]


def _page(text: str, meta: str | None = None, lang: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    attr = f' lang="{lang}"' if lang else ""
    return f"<html{attr}><head>{head}</head><body><p>{text}</p></body></html>"


def _ids(cases: list[tuple[str, ...]]) -> list[str]:
    return [f"{c[0]}-{i}" for i, c in enumerate(cases)]


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY, ids=_ids(LEGACY))
def test_unlabelled_legacy_bytes_are_detected_with_the_source_language(
        lang: str, encoding: str, text: str) -> None:
    decoded = decode_markup(_page(text).encode(encoding), "text/html", lang)
    assert text in decoded.text
    assert decoded.source == "detected"


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY, ids=_ids(LEGACY))
def test_unlabelled_legacy_bytes_are_detected_with_no_hint_at_all(
        lang: str, encoding: str, text: str) -> None:
    assert text in decode_markup(_page(text).encode(encoding), None, None, "http://10.0.0.1/").text


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY, ids=_ids(LEGACY))
def test_the_page_own_language_weighs_when_the_source_has_none(
        lang: str, encoding: str, text: str) -> None:
    assert text in decode_markup(_page(text, lang=lang).encode(encoding)).text


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY, ids=_ids(LEGACY))
def test_a_utf8_label_that_the_bytes_contradict_is_passed_over(
        lang: str, encoding: str, text: str) -> None:
    body = _page(text).encode(encoding)
    assert text in decode_markup(body, "text/html; charset=utf-8", lang).text
    assert text in decode_markup(_page(text, meta="UTF-8").encode(encoding), None, lang).text


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY, ids=_ids(LEGACY))
def test_the_address_domain_weighs_when_no_language_is_known(
        lang: str, encoding: str, text: str) -> None:
    body = _page(text).encode(encoding)
    assert text in decode_markup(body, None, None, f"https://news.example.{_tld(lang)}/a").text


@pytest.mark.parametrize(("lang", "text"), UTF8_ONLY, ids=_ids(UTF8_ONLY))
@pytest.mark.parametrize("label", WRONG_LABELS)
def test_utf8_bytes_win_over_a_wrong_single_byte_label(lang: str, text: str, label: str) -> None:
    body = _page(text).encode("utf-8")
    header = decode_markup(body, f"text/html; charset={label}", lang)
    assert header.text == body.decode("utf-8") and header.encoding == "utf-8"
    meta = _page(text, meta=label).encode("utf-8")
    assert text in decode_markup(meta, "text/html", lang).text


@pytest.mark.parametrize(("encoding", "label", "text"), [
    ("koi8-r", "koi8-r", "Взрыв в Кветте: трое погибших"),
    ("cp866", "ibm866", "Взрыв в Кветте: трое погибших"),
    ("iso-8859-2", "iso-8859-2", "Zamach w Kwecie: zginęło trzech policjantów."),
    ("cp1252", "iso-8859-1", "Noël à Quetta : une trêve “naïve”"),  # latin-1 read as 1252
])
def test_a_label_the_bytes_bear_out_is_followed(encoding: str, label: str, text: str) -> None:
    body = _page(text).encode(encoding)
    assert decode_markup(body, f"text/html; charset={label}").text == _page(text)
    declared = decode_markup(_page(text, meta=label).encode(encoding), "text/html")
    assert text in declared.text and declared.source == "declared"


def test_a_byte_order_mark_wins_over_every_label() -> None:
    text = "کوئٹہ میں دھماکہ"
    body = "\ufeff".encode("utf-16-le") + _page(text, meta="windows-1252").encode("utf-16-le")
    decoded = decode_markup(body, "text/html; charset=utf-8")
    assert text in decoded.text and decoded.source == "bom"


def test_a_utf16_label_without_nul_bytes_is_passed_over() -> None:
    text = "Une trêve naïve"
    assert text in decode_markup(_page(text).encode("utf-8"), "text/html; charset=utf-16").text


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    text = "Теракт в Белуджистане. Трое погибших. ВЗРЫВ В КВЕТТЕ."
    body = _page(text).encode("utf-8").replace(b"</p>", b" \xe9</p>")  # one Latin-1 byte
    decoded = decode_markup(body, "text/html; charset=utf-8")
    assert text in decoded.text and decoded.encoding == "utf-8"


def test_pure_ascii_needs_no_guess() -> None:
    decoded = decode_markup(b"<p>Three killed in Quetta blast</p>", None)
    assert decoded.text == "<p>Three killed in Quetta blast</p>"


# -- through extraction and feed parsing --------------------------------------------------------


def _article(text: str) -> str:
    return (f"<!DOCTYPE html><html><head><title>{text[:12]}</title></head><body><article>"
            f"<h1>{text[:12]}</h1><p>{text}</p></article></body></html>")


SHORT_PAGES = [c for c in LEGACY if c[0] in ("ru", "fr", "de", "it")]


@pytest.mark.parametrize(("lang", "encoding", "text"), SHORT_PAGES, ids=_ids(SHORT_PAGES))
def test_extraction_decodes_short_unlabelled_pages(lang: str, encoding: str, text: str) -> None:
    extracted = extract_article(_article(text).encode(encoding), "http://127.0.0.1/a",
                                min_extracted_size=5, min_output_size=5)
    assert text in extracted.text, extracted.text


@pytest.mark.parametrize(("lang", "encoding", "text"), SHORT_PAGES, ids=_ids(SHORT_PAGES))
def test_extraction_passes_over_a_utf8_header_on_legacy_bytes(
        lang: str, encoding: str, text: str) -> None:
    extracted = extract_article(_article(text).encode(encoding), "http://127.0.0.1/a",
                                min_extracted_size=5, min_output_size=5,
                                content_type="text/html; charset=utf-8", language=lang)
    assert text in extracted.text, extracted.text


def _feed(title: str, declared: str | None = None) -> str:
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    return (f'{decl}<rss version="2.0"><channel><title>t</title><item><title>{title}</title>'
            "<link>https://a.example.com/1</link></item></channel></rss>")


FEED_TITLES = [c for c in LEGACY if c[1] == "cp1251"]


@pytest.mark.parametrize(("lang", "encoding", "title"), FEED_TITLES, ids=_ids(FEED_TITLES))
def test_a_feed_of_utf8_bytes_under_a_windows_1251_header_is_read_as_utf8(
        lang: str, encoding: str, title: str) -> None:
    headers = {"Content-Type": "application/rss+xml; charset=windows-1251"}
    parsed = parse_feed(_feed(title).encode("utf-8"), "https://a.example.com/feed", headers)
    assert parsed.entries[0].title == title
    declared = parse_feed(_feed(title, "windows-1251").encode("utf-8"),
                          "https://a.example.com/feed", {"Content-Type": "text/xml"})
    assert declared.entries[0].title == title


@pytest.mark.parametrize(("lang", "encoding", "title"), FEED_TITLES, ids=_ids(FEED_TITLES))
@pytest.mark.parametrize("content_type", ["application/rss+xml",
                                          "application/rss+xml; charset=utf-8"])
def test_a_legacy_feed_without_a_true_label_is_detected(
        lang: str, encoding: str, title: str, content_type: str) -> None:
    parsed = parse_feed(_feed(title).encode(encoding), "https://a.example.com/feed",
                        {"Content-Type": content_type})
    assert parsed.entries[0].title == title


def _tld(lang: str) -> str:
    return {"ru": "ru", "uk": "ua", "bg": "bg", "pl": "pl", "ar": "sa", "el": "gr",
            "tr": "tr"}.get(lang, "fr")


@pytest.mark.parametrize(("lang", "encoding", "text"), LEGACY[:8], ids=_ids(LEGACY[:8]))
def test_plain_text_documents_are_decoded_too(lang: str, encoding: str, text: str) -> None:
    document = document_from_bytes(f"{text}\n{text}".encode(encoding), html=False)
    # A short first line without final punctuation is read as the headline.
    assert f"{document.title}\n{document.text}".count(text) == 2
