"""Take the README's screenshots of both tabs with the same headless Chromium the browser tests use.

.venv/bin/python -m tests.web.screenshots docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.browser import WAIT_SECONDS, live_service, start_chromium

WIDTH = 1024
"""A tablet in landscape."""


def _shoot(driver, path: Path, height: int, top: str | None = None) -> None:
    """Save `height` pixels of the page, from the top or from the element `top` (kept under 200 KB)."""
    driver.set_window_size(WIDTH, height)
    if top is None:
        driver.execute_script("window.scrollTo(0, 0)")
    else:
        driver.execute_script("document.querySelector(arguments[0]).scrollIntoView()", top)
    driver.save_screenshot(str(path))


def main(target: str) -> None:
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    driver = start_chromium(WIDTH, 900)
    wait = WebDriverWait(driver, WAIT_SECONDS)
    try:
        with live_service() as url:
            driver.get(url + "/")
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
            field = driver.find_element(By.ID, "drug-input")
            for name in ("warfarin", "fluconazole", "Glivec", "simvastatinn"):
                field.send_keys(name, Keys.ENTER)
            driver.find_element(By.ID, "check-button").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "article.finding"))
            driver.execute_script("document.activeElement.blur()")
            _shoot(driver, out / "check.png", 1250)
            driver.set_window_size(WIDTH, 900)
            driver.find_element(By.ID, "tab-lines").click()
            for _ in range(3):
                driver.find_element(By.ID, "add-infusion").click()
            driver.find_element(By.CSS_SELECTOR, "#carrier-options input[value='sodium-chloride-0-9']").click()
            driver.find_element(By.CSS_SELECTOR, "#carrier-options input[value='glucose-5']").click()
            drugs = [
                "ceftriaxone",
                "calcium gluconate",
                "vancomycin",
                "piperacillin",
                "dexmedetomidine",
                "noradrenaline",
            ]
            for entry, name in zip(driver.find_elements(By.CSS_SELECTOR, "#infusions .inf-drug"), drugs, strict=True):
                entry.send_keys(name)
            value = driver.find_elements(By.CSS_SELECTOR, "#infusions .inf-value")[2]
            value.send_keys("4")
            driver.find_element(By.ID, "plan-button").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#lines-results .line"))
            driver.execute_script("document.activeElement.blur()")
            _shoot(driver, out / "lines.png", 1650, "#tab-lines")
    finally:
        driver.quit()
    for name in ("check.png", "lines.png"):
        print(f"{out / name}: {(out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
