"""Browser journeys in Tilbud: find a group by search and by filter, open it, read where it
meets and how to get in; and the same search without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

TEXT = {
    "da": {"lang": "Dansk", "search": "Søg efter en gruppe", "found": "1 tilbud fundet",
           "map": "Åbn adressen i Google Maps", "rights": "Læs mere om dine rettigheder",
           "answer": "senest 14 dage efter", "appeal": "Du kan ikke klage over svaret",
           "drop_in": "Du kan bare møde op."},
    "en": {"lang": "English", "search": "Search for a group", "found": "1 offer found",
           "map": "Open the address in Google Maps",
           "rights": "Read more about your rights", "answer": "no later than 14 days after",
           "appeal": "You cannot complain about the answer", "drop_in": "You can just come along."},
}


def cards(page):
    return page.locator("#catalogue-results .app-card-title a")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_find_a_group_by_search_and_open_it(page, a11y, lang):
    t = TEXT[lang]
    page.goto("/tilbud")
    page.get_by_role("button", name=t["lang"]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    a11y.check("catalogue")
    page.evaluate("window.stillTheSamePage = true")
    # Typing updates the results in place (no reload) and the address, so it can be shared.
    page.get_by_label(t["search"]).press_sequentially("transport", delay=30)
    expect(cards(page)).to_have_count(1)
    expect(cards(page)).to_have_text("Transporttræning")
    expect(page.locator("#catalogue-announce")).to_have_text(t["found"])
    expect(page).to_have_url(re.compile(r"/tilbud\?q=transport$"))
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_label(t["search"])).to_be_focused()
    a11y.check("catalogue-search")

    cards(page).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transporttræning")
    a11y.check("offer-82a")
    map_link = page.get_by_role("link", name=t["map"])
    expect(map_link).to_have_attribute(
        "href", re.compile(r"^https://www\.google\.com/maps/search/\?api=1&query=Ish%C3%B8j"))
    main = page.locator("main")
    expect(main).to_contain_text(t["answer"])
    expect(main).to_contain_text(t["appeal"])
    expect(main.get_by_role("button")).to_have_count(0)  # no self-referral button yet
    page.get_by_role("link", name=t["rights"]).click()
    expect(page).to_have_url(re.compile(r"/rettigheder$"))
    a11y.check()


def test_find_a_group_by_filter_and_come_back(page, a11y):
    page.goto("/tilbud")
    a11y.check()
    page.get_by_text("Vælg emne, sted og tid").click()
    page.get_by_label("Sådan kommer du med").select_option(label="Mød bare op")
    expect(page).to_have_url(re.compile(r"/tilbud\?admission=drop_in$"))
    expect(cards(page)).to_have_text(["Café-fællesskab", "Gåtur i Ishøj",
                                      "NADA (øreakupunktur)"])
    a11y.check()
    page.get_by_label("Emne").select_option(label="Motion og gåture")
    expect(cards(page)).to_have_text(["Gåtur i Ishøj"])
    expect(page.locator("#catalogue-announce")).to_have_text("1 tilbud fundet")
    a11y.check("catalogue-filter")

    cards(page).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gåtur i Ishøj")
    expect(page.locator("main")).to_contain_text("Du kan bare møde op.")
    a11y.check("offer-drop-in")
    # Back: the filtered catalogue comes back as it was.
    page.go_back()
    expect(cards(page)).to_have_text(["Gåtur i Ishøj"])
    expect(page.get_by_label("Emne")).to_have_value("movement")
    a11y.check()
    # A filter that finds nothing says so, and clearing it shows every group again.
    page.get_by_label("Ugedag").select_option(label="Søndag")
    expect(page).to_have_url(re.compile(r"weekday=7"))
    expect(page.locator("#catalogue-results")).to_contain_text("Vi fandt ingen grupper")
    a11y.check("catalogue-empty")
    page.get_by_role("link", name="Ryd søgningen og se alle grupper").click()
    expect(page).to_have_url(re.compile(r"/tilbud$"))
    expect(cards(page)).to_have_count(10)
    a11y.check()


def test_search_and_filters_work_without_javascript(page, a11y):
    page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    page.goto("/tilbud")
    a11y.check()
    assert page.evaluate("typeof window.htmx") == "undefined"
    page.get_by_label("Søg efter en gruppe").fill("gruppe")
    page.get_by_text("Vælg emne, sted og tid").click()
    page.get_by_label("Kommune").select_option(label="Ishøj")
    page.get_by_role("button", name="Vis tilbud").click()
    expect(page).to_have_url(re.compile(r"q=gruppe.*municipality=\d"))
    expect(cards(page)).to_have_text(["Afklaringsforløb", "Angsthåndtering", "Transporttræning"])
    expect(page.get_by_label("Søg efter en gruppe")).to_have_value("gruppe")
    expect(page.get_by_label("Kommune")).to_have_value(re.compile(r"\d"))
    a11y.check("catalogue-no-js")
    cards(page).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afklaringsforløb")
    expect(page.locator("main")).to_contain_text("klage til Ankestyrelsen")
    a11y.check("offer-85")
