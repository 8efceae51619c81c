"""Steps a kansli user takes in Planera, shared by the browser tests that set up a year."""

from playwright.sync_api import expect


def start_year_from_last(
    page, *, organisation: str, year: int, deadlines: tuple[str, str], checkpoint=lambda name: None
) -> None:
    """Planera → Starta ett nytt år, copied from last year, with the two periods' deadlines typed
    the Swedish way; `checkpoint(name)` is called at each page a test wants to look at."""
    page.get_by_role("link", name="Planera", exact=True).click()
    expect(page.get_by_role("heading", name=f"Planera – {organisation}", exact=False)).to_be_visible()
    checkpoint("years")
    page.get_by_role("link", name="Starta ett nytt år").click()
    page.get_by_label("till året").fill(str(year))
    page.get_by_role("button", name="Föreslå perioder").click()
    expect(page.locator("#id_period-0-end_date")).to_have_value(f"{year}-08-31")
    checkpoint("start")
    page.get_by_label("Kopiera från föregående år").check()
    page.locator("#id_period-0-deadline").fill(deadlines[0])
    page.locator("#id_period-1-deadline").fill(deadlines[1])
    page.get_by_role("button", name="Skapa året").click()
    expect(page.get_by_text(f"Verksamhetsåret {year} är skapat")).to_be_visible()
    checkpoint("year")


def add_goal_under(page, parent, *, title: str, unit: str, checkpoint=lambda name: None) -> None:
    page.locator(f"#goal-{parent.pk}").get_by_role("link", name="Lägg till mål under").click()
    page.get_by_label("Mål/uppdrag", exact=True).fill(title)
    page.get_by_label("Enhet", exact=True).select_option(label=unit)
    checkpoint("goal-form")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målet är sparat.")).to_be_visible()


def open_measure_form(page, goal, *, text: str) -> None:
    """A new mätetal with a "minst" number target, its value not filled in yet."""
    page.locator(f"#goal-{goal.pk}").get_by_role("link", name="Lägg till mätetal").click()
    page.get_by_label("Mätetal", exact=True).fill(text)
    page.locator("#id_target_kind").select_option(label="Tal")
    page.locator("#id_comparator").select_option(label="minst")


def save_measure(page, *, value: str, unit: str) -> None:
    page.locator("#id_target_value").fill(value)
    page.get_by_label("Enhet för värdet").fill(unit)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Mätetalet är sparat.")).to_be_visible()


def change_unit(page, goal, *, unit: str) -> None:
    page.locator(f"#goal-{goal.pk}").get_by_role("link", name="Ändra", exact=False).first.click()
    page.get_by_label("Enhet", exact=True).select_option(label=unit)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målet är sparat.")).to_be_visible()
