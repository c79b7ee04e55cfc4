"""A corpus unlike the seed one, with the same kinds of mess: the rules are general, not fitted."""

from __future__ import annotations

import pytest

from briefing.ingest import load_corpus
from briefing.model import Corpus

NEWS_PAGE = """Home | World | Asia | Business | Opinion
Skip to main content

China and Pakistan open new trade route through Khunjerab Pass

By Sara Khan and Li Wei

Published: 14 May 2019, 09:12 PKT

Share this article
Facebook | Twitter | WhatsApp | Email

ISLAMABAD — China and Pakistan opened a new trade route on Tuesday, officials said, part of a
corridor that both governments describe as the centre of their economic partnership.

Trade between the two countries reached $15.1 billion last year, up 9 percent, according to
Pakistan's commerce ministry. Officials expect the new route to cut transport times by a third.

Image: Trucks wait at the border crossing. (Photo/Reuters)

Critics say the corridor has added to Pakistan's debt. “The terms have never been published,” an
economist in Lahore said.

Related:
Pakistan seeks new loan from IMF
China opens consulate in Gwadar

Copyright © 2019 Asia Daily. All rights reserved.

2 Comments

Ahmed R. says:
May 14, 2019 at 11:02 am
This is great news for the whole region and I hope it brings many jobs to my town.
Reply
"""

PAPER = """ISSUE BRIEF | MARCH 2019

THE CHINA–PAKISTAN ECONOMIC CORRIDOR: PROMISE AND RISK

Omar Siddiqui

Summary

The corridor was launched in 2015 with a headline value of $46 billion.[1] Its projects cover
power plants, roads and the port of Gwadar, and its pace has slowed since

2018, when Pakistan faced a balance-of-payments crisis.[2] Debt repayments to Chinese lenders are
expected to peak in the mid-2020s.

[1] A. Rahman, "The Corridor at Five", Strategic Studies, vol. 39, no. 2, 2019, pp. 1-20.
[2] Ibid., p. 7.

ISSUE BRIEF | MARCH 2019                                                       2

The security of Chinese workers is a second concern. Attacks on convoys in Balochistan led to a
dedicated security division of the Pakistani army.[3]

“Debt repayments to Chinese lenders are expected to peak in the mid-2020s.”

[3] https://www.example.org/security-division. Accessed on 3 March 2019.

ISSUE BRIEF | MARCH 2019                                                       3

Omar Siddiqui is a senior fellow at the Institute of Regional Studies, Islamabad.
"""

OPED = """---
title: Why the corridor matters
author: Hina Aziz
date: 2020-01-09
publisher: South Asia Review
---

**Why the corridor matters**

For Pakistan, the corridor is first of all an answer to an energy shortage. Power cuts of up
to twelve hours a day were common in 2013; by 2018 they had largely ended.

For China, the corridor offers a route to the Arabian Sea that avoids the Strait of Malacca.

*Hina Aziz is an associate professor of economics at a university in Karachi.*

*The views expressed in this article are the author's own.*

Follow us on Twitter @southasiareview
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("china-pakistan")
    (root / "trade-route.txt").write_text(NEWS_PAGE, encoding="utf-8")
    (root / "cpec-brief.txt").write_text(PAPER, encoding="utf-8")
    (root / "why-corridor.md").write_text(OPED, encoding="utf-8")
    return load_corpus(root)


def text(corpus: Corpus, doc_id: str) -> list[str]:
    document = next(d for d in corpus.documents if d.id == doc_id)
    return [document.text[s:e] for s, e in document.paragraphs]


def test_a_news_page_keeps_only_the_article(corpus: Corpus) -> None:
    assert text(corpus, "trade-route") == [
        "China and Pakistan opened a new trade route on Tuesday, officials said, part of a corridor that "
        "both governments describe as the centre of their economic partnership.",
        "Trade between the two countries reached $15.1 billion last year, up 9 percent, according to "
        "Pakistan's commerce ministry. Officials expect the new route to cut transport times by a third.",
        "Critics say the corridor has added to Pakistan's debt. “The terms have never been published,” an "
        "economist in Lahore said.",
    ]
    info = next(d for d in corpus.documents if d.id == "trade-route").info
    assert info.title == "China and Pakistan open new trade route through Khunjerab Pass"
    assert (info.author, info.published) == ("Sara Khan and Li Wei", "2019-05-14")
    assert info.published_inferred


def test_a_paper_loses_headers_footnotes_pull_quotes_and_bio(corpus: Corpus) -> None:
    assert text(corpus, "cpec-brief") == [
        "Summary",
        "The corridor was launched in 2015 with a headline value of $46 billion. Its projects cover power "
        "plants, roads and the port of Gwadar, and its pace has slowed since 2018, when Pakistan faced a "
        "balance-of-payments crisis. Debt repayments to Chinese lenders are expected to peak in the "
        "mid-2020s.",
        "The security of Chinese workers is a second concern. Attacks on convoys in Balochistan led to a "
        "dedicated security division of the Pakistani army.",
    ]
    info = next(d for d in corpus.documents if d.id == "cpec-brief").info
    assert info.title == "The China–Pakistan Economic Corridor: Promise and Risk"
    assert info.author == "Omar Siddiqui"
    assert set(info.footnotes) == {"1", "2", "3"} and info.footnotes["2"] == "Ibid., p. 7."


def test_an_oped_keeps_its_argument_and_front_matter(corpus: Corpus) -> None:
    assert text(corpus, "why-corridor") == [
        "For Pakistan, the corridor is first of all an answer to an energy shortage. Power cuts of up to "
        "twelve hours a day were common in 2013; by 2018 they had largely ended.",
        "For China, the corridor offers a route to the Arabian Sea that avoids the Strait of Malacca.",
    ]
    info = next(d for d in corpus.documents if d.id == "why-corridor").info
    assert (info.title, info.author, info.publisher, info.published) == (
        "Why the corridor matters",
        "Hina Aziz",
        "South Asia Review",
        "2020-01-09",
    )


def test_the_corpus_title_is_inferred_from_the_folder(corpus: Corpus) -> None:
    assert corpus.title_inferred and corpus.title.startswith("China")
