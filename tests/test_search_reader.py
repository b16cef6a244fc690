"""Search as readers use it: queries typed the way people type (several words with spaces,
words that are not side by side in the paragraph, abbreviations, Arabic or Chinese numerals,
short names, colloquial forms, English with a typo), never copied from a paragraph; text that
reaches the box without a key press; and never an empty list for words of the report.

Each table row is a query and the paragraph it must find. Keep the tables honest: add the
failures you find, never drop a query to make a table pass.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .search_harness import FIRST_SHARE, run_queries, run_queries_full
from .test_search import _report_paragraphs

pytestmark = pytest.mark.browser

R = "2024/"
GR, MT = R + "general-requirements/#gr-01", R + "main-targets/#mt-01"
BTH, RFM, INN = (
    R + "beijing-tianjin-hebei/#bth-",
    R + "reform-opening-up/#rfm-",
    R + "innovation-driven/#inn-",
)

ZH_READER = [
    # abbreviations, short names and colloquial forms the report does not use
    ("GDP 增长", MT),
    ("GDP增速", MT),
    ("经济增长目标", MT),
    ("财政收入 增长", MT),
    ("固投", MT),
    ("人均收入", MT),
    ("自贸区", RFM + "10"),
    ("自贸区 知识产权", RFM + "10"),
    ("清华 北大 合作", BTH + "02"),
    ("中科院 重点实验室", INN + "04"),
    ("芯片", INN + "05"),
    ("电动车", BTH + "04"),
    ("新能源车 产业链", BTH + "04"),
    ("石油管道", BTH + "07"),
    ("户口 滨城", BTH + "09"),
    ("孩子上学 落户", BTH + "09"),
    ("空气污染", BTH + "10"),
    ("雾霾 联防联控", BTH + "10"),
    ("跨境电子商务", RFM + "11"),
    ("造船 海工", RFM + "12"),
    ("合成生物学", INN + "03"),
    ("超算 平台", INN + "06"),
    ("高企 培育", INN + "07"),
    ("科学普及", INN + "11"),
    ("于家堡 总部", BTH + "03"),
    ("网安 工业互联网", BTH + "04"),
    ("创新药 集成电路", INN + "05"),
    ("天开高教科创园", INN + "02"),
    # Arabic figures where the report writes Chinese numerals, and the reverse
    ("中电科18所", INN + "04"),
    ("航天5院", INN + "06"),
    ("世界500强", RFM + "13"),
    ("500强 总部", RFM + "13"),
    ("一百二十万吨乙烯", BTH + "07"),
    ("乙烯 120万吨", BTH + "07"),
    ("国企改革 128家", RFM + "04"),
    ("一百二十八家", RFM + "04"),
    ("14个平台", INN + "06"),
    ("小巨人 120家", INN + "07"),
    ("单项冠军 14家", INN + "07"),
    ("博士后工作站 15家", INN + "09"),
    ("十八万 高技能人才", INN + "09"),
    ("20届2中全会", GR),
    ("党的20大", GR),
    # several words, not side by side in the paragraph
    ("高铁 建设", BTH + "05"),
    ("津潍高铁 滨唐高速", BTH + "05"),
    ("雄安 港口", BTH + "06"),
    ("医保 社保 互通", BTH + "08"),
    ("养老 跨省通办", BTH + "08"),
    ("砍掉低效企业", RFM + "04"),
    ("营商环境 一件事", RFM + "05"),
    ("审批 工程项目", RFM + "05"),
    ("用地 开发区", RFM + "06"),
    ("亲清 政商关系", RFM + "07"),
    ("单一窗口 港口", RFM + "08"),
    ("中新合作 开发区", RFM + "09"),
    ("保税 业态创新", RFM + "10"),
    ("泰达 商圈", RFM + "11"),
    ("东疆 生态城 商圈", RFM + "11"),
    ("油气 石化 国际合作", RFM + "12"),
    ("民营企业 投资", RFM + "13"),
    ("春笋行动 民企", RFM + "13"),
    ("外资 生物医药", RFM + "14"),
    ("GE医疗 总部", RFM + "14"),
    ("英力士 ABS", RFM + "14"),
    ("央企 民企 新模式", RFM + "15"),
    ("央企二级总部", RFM + "15"),
    ("科技创新 产业创新", INN + "01"),
    ("类中关村 华苑", INN + "02"),
    ("海河实验室 能级", INN + "03"),
    ("操作系统 创新中心", INN + "04"),
    ("科技金融 积分贷", INN + "08"),
    ("专利 倍增计划", INN + "10"),
    ("知识产权 示范区", INN + "10"),
    ("稳中求进 新发展理念", GR),
    ("中国式现代化 滨城", GR),
    ("北方经济支点", BTH + "01"),
    ("一基地三区 定位", BTH + "01"),
    ("中关村科技园 成果转化", BTH + "02"),
    ("央源 民源", BTH + "03"),
    ("链主 延链补链", BTH + "04"),
    # quotation marks inside the report's phrase, typed without them
    ("卡脖子技术", INN + "05"),
    ("于响总部", BTH + "03"),
    # English and pinyin on the Chinese edition, through the glossary and the synonyms
    ("Bincheng 户籍", BTH + "09"),
    ("AI 清华", BTH + "02"),
]

EN_READER = [
    ("GDP growth", MT),
    ("GDP 4.8%", MT),
    ("fiscal revenue growth", MT),
    ("residents income", MT),
    ("AI Tsinghua", BTH + "02"),
    ("Peking University AI", BTH + "02"),
    ("Norinco universities", BTH + "02"),
    ("PKU", BTH + "02"),
    ("FTZ", RFM + "10"),
    ("FTZ upgrade", RFM + "10"),
    ("SOE reform inefficient enterprises", RFM + "04"),
    ("SOEs 128", RFM + "04"),
    ("ecommerce", RFM + "11"),
    ("ecommerce logistics center", RFM + "11"),
    ("ethylen", BTH + "07"),
    ("postdoctorial", INN + "09"),
    ("Sinopec ethylene", BTH + "07"),
    ("INEOS Sinopec ABS", RFM + "14"),
    ("GE MRI", RFM + "14"),
    ("electric vehicles cybersecurity", BTH + "04"),
    ("high speed rail Weifang", BTH + "05"),
    ("expressway Tangshan", BTH + "05"),
    ("Xiongan port", BTH + "06"),
    ("hukou online", BTH + "09"),
    ("hukou policy Bincheng", BTH + "09"),
    ("health insurance elderly care", BTH + "08"),
    ("smog", BTH + "10"),
    ("air pollution control", BTH + "10"),
    ("government procurment", RFM + "10"),
    ("business enviroment", RFM + "05"),
    ("one stop cargo", RFM + "08"),
    ("cooperation with Singapore", RFM + "09"),
    ("bonded+ innovation", RFM + "10"),
    ("Fortune 500 headquarters", RFM + "13"),
    ("private investment Spring Bamboo", RFM + "13"),
    ("foreign investment biomedicine", RFM + "14"),
    ("central SOE private firm model", RFM + "15"),
    ("Zhongguancun Huayuan", INN + "02"),
    ("synthetic biology", INN + "03"),
    ("CAS key lab", INN + "04"),
    ("CETC 18", INN + "04"),
    ("chips bottleneck", INN + "05"),
    ("supercomputer space technology", INN + "06"),
    ("little giants 120", INN + "07"),
    ("SMEs champion", INN + "07"),
    ("hi-tech enterprises", INN + "07"),
    ("innovation points loan", INN + "08"),
    ("skilled workers 180000", INN + "09"),
    ("patents double", INN + "10"),
    ("popular science", INN + "11"),
    ("20th Party Congress", GR),
    ("Chinese modernisation", GR),
    ("Binhai cultural centre", RFM + "11"),
    ("自贸区", RFM + "10"),
]

HANT_READER = [
    ("自貿區", RFM + "10"),
    ("GDP 增長", MT),
    ("清華 北大 合作", BTH + "02"),
    ("高鐵 建設", BTH + "05"),
    ("戶口 濱城", BTH + "09"),
    ("世界500強", RFM + "13"),
    ("芯片", INN + "05"),
    ("電動車 產業鏈", BTH + "04"),
    ("中科院 重點實驗室", INN + "04"),
    ("航天5院", INN + "06"),
    ("醫保 養老", BTH + "08"),
    ("國企改革 128家", RFM + "04"),
    ("營商環境 一件事", RFM + "05"),
    ("跨境電子商務", RFM + "11"),
    ("卡脖子技術", INN + "05"),
    ("小巨人 120家", INN + "07"),
    ("十八萬 高技能人才", INN + "09"),
    ("知識產權 示範區", INN + "10"),
    ("20屆2中全會", GR),
    ("空氣污染", BTH + "10"),
    ("央企 民企 新模式", RFM + "15"),
    ("春筍行動 民企", RFM + "13"),
]


def test_reader_tables_are_big_enough() -> None:
    assert len(ZH_READER) >= 60 and len(EN_READER) >= 40 and len(HANT_READER) >= 20
    for table in (ZH_READER, EN_READER, HANT_READER):
        assert len({q for q, _ in table}) == len(table)  # no query counted twice


@pytest.mark.parametrize(
    ("prefix", "table"), [("", ZH_READER), ("en/", EN_READER), ("zh-hant/", HANT_READER)]
)
def test_reader_queries_find_their_paragraph(
    search_page: Any, site_server: str, built_site: Path, prefix: str, table: list[tuple[str, str]]
) -> None:
    paragraphs = _report_paragraphs(built_site, prefix)
    queries = [q for q, _ in table]
    # None of them is copied from a paragraph: no paragraph holds a query as it is typed.
    report = [text for loc, text in paragraphs.items() if not loc.startswith("topics/")]
    assert [q for q in queries if any(_copied(q, text) for text in report)] == []
    results = run_queries(search_page, site_server, prefix, queries)
    empty = [q for q in queries if not results[q]]
    not_top3 = [(q, want, results[q][:3]) for q, want in table if want not in results[q][:3]]
    not_first = [(q, want, results[q][:3]) for q, want in table if results[q][:1] != [want]]
    assert empty == []
    assert not_top3 == [], "\n".join(map(str, not_top3))
    assert len(not_first) <= (1 - FIRST_SHARE) * len(table), "\n".join(map(str, not_first))


def _copied(query: str, text: str) -> bool:
    if re.search("[\u4e00-\u9fff]", query):
        return query in text
    words = re.findall(r"\w+", text.lower())
    typed = re.findall(r"\w+", query.lower())
    return any(words[i : i + len(typed)] == typed for i in range(len(words)))


def _words(text: str, english: bool) -> list[str]:
    if english:
        return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+|\d[\d.,%]*", text) if len(w) > 1]
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", text)
    return [run[i : i + 2] for run in runs for i in range(0, len(run) - 1, 2)]


@pytest.mark.parametrize("prefix", ["", "en/", "zh-hant/"])
def test_two_words_of_the_report_never_give_an_empty_list(
    search_page: Any, site_server: str, built_site: Path, prefix: str
) -> None:
    """200 random pairs of words (fixed seed), each from a different paragraph."""
    paragraphs = _report_paragraphs(built_site, prefix)
    words = {loc: _words(text, prefix == "en/") for loc, text in paragraphs.items()}
    locations = sorted(loc for loc, found in words.items() if found)
    rng = random.Random(25)
    queries = []
    while len(queries) < 200:
        first, second = rng.sample(locations, 2)
        queries.append(f"{rng.choice(words[first])} {rng.choice(words[second])}")
    results = run_queries(search_page, site_server, prefix, sorted(set(queries)))
    empty = [q for q in queries if not results[q]]
    assert empty == []
    # Each lists a report paragraph (one holding both words, else one holding either, marked
    # as partial; a glossary entry or heading holding both may come first).
    assert [q for q in queries if not any(loc in paragraphs for loc in results[q])] == []


def _items(groups: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [item for group in groups for item in group if "#" in item["location"]]


def test_partial_matches_say_so_and_list_the_missing_words(
    search_page: Any, site_server: str
) -> None:
    answers = run_queries_full(search_page, site_server, "en/", ["Haihe zzzz", "Haihe Laboratory"])
    partial = _items(answers["Haihe zzzz"])
    assert partial and all("bp-search-partial" in i["text"] for i in partial)
    assert all(i["terms"].get("zzzz") is False for i in partial)
    assert partial[0]["location"] == BTH + "02"  # report paragraphs before the glossary
    kinds = ["glossary" if i["location"].startswith("glossary/") else "other" for i in partial]
    assert kinds == sorted(kinds, key=lambda k: k == "glossary")
    full = _items(answers["Haihe Laboratory"])
    assert full and not any("bp-search-partial" in i["text"] for i in full)
    # A query some paragraph holds whole lists no partial matches at all.
    zh = run_queries_full(search_page, site_server, "", ["人工智能"])
    assert not any("bp-search-partial" in i["text"] for i in _items(zh["人工智能"]))


def test_partial_matches_rank_more_words_found_first(search_page: Any, site_server: str) -> None:
    answers = run_queries_full(search_page, site_server, "", ["清华 光电 火星 月球"])
    items = _items(answers["清华 光电 火星 月球"])
    assert items[0]["location"] == BTH + "02"  # holds two of the four words
    assert {"火星", "月球"} <= {t for t, found in items[0]["terms"].items() if found is False}


def test_nothing_found_offers_the_glossary_and_the_other_editions(
    search_page: Any, site_server: str
) -> None:
    answers = run_queries_full(search_page, site_server, "en/", ["Tainkia", "qqqq xxxx"])
    tiankai = [item["location"] for group in answers["Tainkia"] for item in group]
    assert "glossary/#tiankai-park" in tiankai  # two letters swapped: the nearest term
    assert "../?q=Tainkia" in tiankai and "../zh-hant/?q=Tainkia" in tiankai
    other = [item["location"] for group in answers["qqqq xxxx"] for item in group]
    assert other == ["glossary/", "../?q=qqqq%20xxxx", "../zh-hant/?q=qqqq%20xxxx"]
    zh = run_queries_full(search_page, site_server, "", ["qqqq", "Tainkia"])
    assert [re.sub("<[^>]+>", "", item["title"]) for group in zh["qqqq"] for item in group] == [
        "没有找到含有这些词的内容。",
        "在繁體中文中搜索“qqqq”",
        "在English中搜索“qqqq”",
    ]
    head, entry = zh["Tainkia"][0][:2]
    assert re.sub("<[^>]+>", "", head["title"]) == "没有找到含有这些词的内容。 您可能要找："
    assert (entry["location"], entry["title"], entry["text"]) == (
        "glossary/#tiankai-park",
        "天开园",
        "术语表词条",
    )


def test_punctuation_inside_a_phrase_does_not_split_it(search_page: Any, site_server: str) -> None:
    # The report writes 产业链“卡脖子”技术 and 坚持“一核一区”双向驱动; full-width or not.
    queries = ["卡脖子技术", "一核一区双向驱动", "“一核一区”双向驱动", '"一核一区"双向驱动']
    results = run_queries(search_page, site_server, "", queries)
    assert results["卡脖子技术"][:1] == [INN + "05"]
    assert all(results[q][:1] == [INN + "02"] for q in queries[1:]), results


# --- the search box itself: text that arrives without a key press ---------------------------

INSERTS = [
    ("", "落户", BTH + "09"),
    ("", "高铁 建设", BTH + "05"),
    # "hukou" is a word of the topic "Talent and hukou": its page comes first (issue 28)
    ("en/", "hukou", "topics/talent-hukou/#topic"),
]


def _first_result(page: Any) -> str:
    first = page.locator(".md-search-result__item a[href*='#']").first
    first.wait_for(state="visible", timeout=15000)
    return re.sub(r"\?h=[^#]*", "", first.get_attribute("href") or "")


@pytest.mark.parametrize(("prefix", "query", "expected"), INSERTS)
@pytest.mark.parametrize("how", ["insert_text", "composition", "fill", "paste"])
def test_text_entered_without_keys_is_searched(
    new_page: Callable[..., Any], prefix: str, query: str, expected: str, how: str
) -> None:
    page = new_page("/" + prefix)
    box = page.locator("input.md-search__input")
    box.click()
    if how == "insert_text":  # a candidate picked on a phone keyboard, voice input
        page.keyboard.insert_text(query)
    elif how == "fill":
        box.fill(query)
    elif how == "paste":  # the value arrives with a paste event and no key
        box.evaluate(
            """(input, text) => {
                 const data = new DataTransfer(); data.setData('text/plain', text);
                 input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data,
                                                                  bubbles: true}));
                 input.value = text;
               }""",
            query,
        )
    else:  # an input method: composition events, the text set as the composition ends
        box.evaluate(
            """(input, text) => {
                 input.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
                 input.dispatchEvent(new CompositionEvent('compositionupdate',
                                                          {data: text, bubbles: true}));
                 input.value = text;
                 input.dispatchEvent(new InputEvent('input', {data: text, isComposing: true,
                                                             bubbles: true}));
                 input.dispatchEvent(new CompositionEvent('compositionend',
                                                          {data: text, bubbles: true}));
               }""",
            query,
        )
    assert _first_result(page).endswith("/" + prefix + expected)
    # The whole text was searched, not its first word: every result holds the last word too.
    if " " in query:
        last = query.split()[-1]
        texts = page.locator(".md-search-result__item article").all_inner_texts()
        assert texts and last in texts[1], texts[:2]


def test_a_suggested_edition_opens_with_the_query_searched(new_page: Callable[..., Any]) -> None:
    page = new_page("/", width=390)
    page.locator("label.md-header__button[for='__search']").click()
    page.keyboard.insert_text("hinterland")  # only the English edition says it
    link = page.locator(".md-search-result__item a[href*='en/?q=']").first
    link.wait_for(state="visible", timeout=15000)
    page.locator(".md-search-result__meta").wait_for(state="hidden")  # no count of "results"
    link.click()
    page.wait_for_url("**/en/?q=*")
    assert _first_result(page).endswith("/en/" + BTH + "06")  # searched there at once
