"""The page in a real browser (headless Chromium): the checks a pharmacist makes, end to end through the API."""

from __future__ import annotations

import pytest

from tests.web.browser import WAIT_SECONDS, live_service, start_chromium

pytest.importorskip("selenium", reason="selenium is not installed: browser tests skipped")
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SIDEWAYS = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
"""Pixels the page is wider than the window: above 0, a reader must scroll sideways."""


@pytest.fixture(scope="module")
def base_url():
    with live_service() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    try:
        driver = start_chromium()
    except RuntimeError as exc:
        pytest.skip(f"browser tests skipped: {exc}")
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, base_url):
    browser.get(base_url + "/")
    wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    return browser


def wait(driver) -> WebDriverWait:
    return WebDriverWait(driver, WAIT_SECONDS)


def add_drugs(driver, *names: str) -> None:
    field = driver.find_element(By.ID, "drug-input")
    for name in names:
        field.send_keys(name, Keys.ENTER)
    wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#drug-list .chip")) == len(names))


def test_three_drugs_give_a_major_finding_with_its_mechanism_path(page):
    add_drugs(page, "warfarin", "fluconazole", "paracetamol")
    page.find_element(By.ID, "check-button").click()
    finding = wait(page).until(
        EC.visibility_of_element_located(
            (By.XPATH, "//article[contains(@class, 'severity-major')][contains(., 'Warfarin')]")
        )
    )
    assert "Fluconazole + Warfarin" in finding.find_element(By.TAG_NAME, "h3").text
    assert "What to do:" in finding.text
    paths = [svg.get_attribute("aria-label") for svg in finding.find_elements(By.CSS_SELECTOR, "svg.path-graph")]
    assert any("Fluconazole inhibits" in label and "CYP2C9" in label and "Warfarin" in label for label in paths)
    version = page.find_element(By.ID, "knowledge-version").text
    assert version.startswith("20") and "+" in version


def test_a_misspelling_is_corrected_from_its_suggestion(page):
    add_drugs(page, "imatinibb", "ketoconazole")
    page.find_element(By.ID, "check-button").click()
    suggestion = wait(page).until(EC.element_to_be_clickable((By.XPATH, "//button[@class='suggestion'][.='imatinib']")))
    assert "imatinibb" in page.find_element(By.CSS_SELECTOR, ".unrecognized").text
    suggestion.click()
    wait(page).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".unrecognized"))
    finding = wait(page).until(
        EC.visibility_of_element_located((By.XPATH, "//article[contains(., 'Imatinib + Ketoconazole')]"))
    )
    assert finding.find_elements(By.CSS_SELECTOR, "svg.path-graph")
    assert [chip.text.split("\n")[0] for chip in page.find_elements(By.CSS_SELECTOR, "#drug-list .chip")] == [
        "imatinib",
        "ketoconazole",
    ]


def test_typing_offers_names_from_the_drug_search(page):
    page.find_element(By.ID, "drug-input").send_keys("Gleev")
    wait(page).until(
        lambda d: (
            "Imatinib" in [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#drug-options option")]
        )
    )


def test_lines_are_planned_for_six_iv_drugs(page):
    tab = page.find_element(By.ID, "tab-check")
    tab.click()
    tab.send_keys(Keys.ARROW_RIGHT)  # keyboard: the arrow moves to the next tab
    wait(page).until(EC.visibility_of_element_located((By.ID, "panel-lines")))
    for _ in range(3):
        page.find_element(By.ID, "add-infusion").click()
    drugs = ["ceftriaxone", "calcium gluconate", "vancomycin", "piperacillin", "dexmedetomidine", "noradrenaline"]
    for field, name in zip(page.find_elements(By.CSS_SELECTOR, "#infusions .inf-drug"), drugs, strict=True):
        field.send_keys(name)
    page.find_element(By.ID, "plan-button").click()
    wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#lines-results .line"))
    lines = [line.text for line in page.find_elements(By.CSS_SELECTOR, "#lines-results .line")]
    heading = page.find_element(By.CSS_SELECTOR, "#lines-results h2").text
    assert heading.startswith(f"{len(lines)} lines") and "(the fewest possible)" in heading
    assert not any("Ceftriaxone" in text and "Calcium gluconate" in text for text in lines)
    assert "Kept apart" in page.find_element(By.ID, "lines-results").text


def test_both_tabs_fit_a_tablet_in_portrait_without_sideways_scrolling(page):
    page.set_window_size(768, 1024)
    try:
        add_drugs(page, "warfarin", "fluconazole", "simvastatinn")
        page.find_element(By.ID, "check-button").click()
        wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, "article.finding"))
        assert page.execute_script(SIDEWAYS) <= 0
        page.find_element(By.ID, "tab-lines").click()
        fields = page.find_elements(By.CSS_SELECTOR, "#infusions .inf-drug")
        fields[0].send_keys("ceftriaxone")
        fields[1].send_keys("calcium gluconate")
        page.find_element(By.ID, "plan-button").click()
        wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#lines-results .line"))
        assert page.execute_script(SIDEWAYS) <= 0
        for tab in page.find_elements(By.CSS_SELECTOR, '[role="tab"]'):
            assert tab.size["height"] >= 44  # a touch target
    finally:
        page.set_window_size(1280, 900)
