"""Real-page weight for bench pages: the mega menu, trending rail, teaser grids, comment threads,
scripts and wrapper divs that real news pages carry around the story.

The demo site's pages are lean (about 19 KB): trafilatura runs them at ~160 pages/s, where real
news pages (100-300 KB of markup) run at 60-70 pages/s on one core (DESIGN.md, 181 real pages).
Benchmarks on lean pages would overstate every fixed per-page cost of the crawl, so this adds
what real pages have until extraction costs what it costs on them.
"""

from __future__ import annotations

import random
from html import escape

_WORDS = ("Quetta Karachi Lahore budget cricket floods election court power prices talks "
          "weather markets schools hospital police assembly minister opposition trade port "
          "highway rain drought football wheat fuel rupee exports senate health").split()
_SECTIONS = ("Pakistan", "Balochistan", "Sindh", "Punjab", "World", "Business", "Sport",
             "Opinion", "Technology", "Culture", "Weather", "Videos", "Podcasts", "Magazine")
_SCRIPT = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());gtag('config','G-BENCH');var adSlots={top:[728,90],side:[300,"
           "250],inline:[300,250]};(function(w,d){var s=d.createElement('script');s.async=1;"
           "s.src='https://ads.example/tag.js';d.head.appendChild(s)})(window,document);")


def _headline(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 11))]
    return " ".join(words).capitalize()


def _mega_menu(rng: random.Random, prefix: str) -> str:
    """Every section with a dozen sub-sections and a featured story, as real mega menus do."""
    columns = []
    for section in _SECTIONS[:8]:
        subs = "".join(
            f'<li class="menu-item"><a class="menu-link" href="{prefix}{section.lower()}/'
            f'{w}">{escape(w.capitalize())}</a></li>'
            for w in rng.sample(_WORDS, 8)
        )
        columns.append(
            f'<div class="mega-col"><div class="mega-head"><a href="{prefix}{section.lower()}">'
            f'{section}</a></div><ul class="mega-list">{subs}</ul><div class="mega-feature">'
            f'<a href="{prefix}feature/{rng.randint(1, 99999)}"><img src="/img/{rng.randint(1, 999)}'
            f'.jpg" alt=""><span>{escape(_headline(rng))}</span></a></div></div>'
        )
    return f'<div class="mega-menu"><div class="mega-inner">{"".join(columns)}</div></div>'


def _teasers(rng: random.Random, prefix: str, title: str, count: int) -> str:
    """A grid of story cards: image, kicker, headline, one-line standfirst, time."""
    cards = "".join(
        f'<div class="card"><div class="card-media"><a href="{prefix}story/{rng.randint(1, 99999)}">'
        f'<img src="/img/{rng.randint(1, 999)}.jpg" alt="" loading="lazy"></a></div>'
        f'<div class="card-body"><span class="kicker">{rng.choice(_SECTIONS)}</span>'
        f'<h4 class="card-title"><a href="{prefix}story/{rng.randint(1, 99999)}">'
        f'{escape(_headline(rng))}</a></h4><p class="card-standfirst">{escape(_headline(rng))}.'
        f'</p><time>{rng.randint(1, 23)} hours ago</time></div></div>'
        for _ in range(count)
    )
    return f'<section class="teasers"><h3>{title}</h3><div class="grid">{cards}</div></section>'


def _thread(rng: random.Random, depth: int = 0) -> str:
    """Readers' comments with replies, as comment plug-ins render them."""
    items = []
    for _ in range(rng.randint(2, 3) if depth < 2 else 0):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 30)))
        items.append(
            f'<li class="c"><div class="c-meta"><span class="c-user">reader{rng.randint(1, 9999)}'
            f'</span><time>{rng.randint(1, 59)} min</time></div><div class="c-body"><p>'
            f'{escape(text.capitalize())}.</p></div><div class="c-actions"><a href="#">Reply</a>'
            f'<a href="#">Like</a><a href="#">Report</a></div>{_thread(rng, depth + 1)}</li>'
        )
    return f'<ul class="c-list">{"".join(items)}</ul>' if items else ""


def add_chrome(page: bytes, seed: str, prefix: str) -> bytes:
    """The page with a real site's weight added around its story (the story is untouched)."""
    rng = random.Random(seed)
    html = page.decode("utf-8")
    scripts = "".join(f"<script>{_SCRIPT}var slot{i}={i};</script>" for i in range(8))
    html = html.replace("</head>", f"{scripts}</head>", 1)
    html = html.replace('<main id="content">',
                        f'{_mega_menu(rng, prefix)}<div class="page-wrap"><div class="container">'
                        f'<div class="row"><div class="col-main"><main id="content">', 1)
    rail = _teasers(rng, prefix, "Most read", 6)
    below = (_teasers(rng, prefix, "More from the site", 6)
             + f'<section class="comment-thread"><h3>Join the conversation</h3>'
             f'{_thread(rng)}</section>')
    html = html.replace("</main>", f"{below}</main></div><aside class=\"col-rail\">{rail}"
                        "</aside></div></div></div>", 1)
    footer = "".join(
        f'<div class="f-col"><h5>{s}</h5><ul>'
        + "".join(f'<li><a href="{prefix}{s.lower()}/{w}">{w}</a></li>' for w in _WORDS[:10])
        + "</ul></div>"
        for s in _SECTIONS
    )
    html = html.replace("</body>", f'<div class="f-links">{footer}</div>{scripts}</body>', 1)
    return html.encode("utf-8")
