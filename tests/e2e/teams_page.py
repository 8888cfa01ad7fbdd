"""The Agents Playground's chat page, as a person uses it: pick a chat, type, read replies and cards,
press card buttons. Selectors are what a person sees (names, roles, text) plus the Adaptive Cards
renderer's own `ac-adaptiveCard` class, and the Playground's chat bubbles and channel threads."""

from playwright.sync_api import Locator, Page, expect

EDITOR = '[data-lexical-editor="true"]'


class TeamsPage:
    def __init__(self, page: Page):
        self.page = page

    def open_personal_chat(self) -> "TeamsPage":
        self.page.get_by_role("treeitem", name="Personal Chat").click()
        expect(self.page.locator(EDITOR).last).to_be_visible()
        return self

    def open_channel(self, name: str = "General") -> "TeamsPage":
        self.page.get_by_role("treeitem", name=f"My Team - {name}").click()
        expect(self.page.get_by_role("button", name="Post")).to_be_visible()
        return self

    def say(self, text: str) -> None:
        """Type a message in the open chat and send it with Enter, as a person would."""
        box = self.page.locator(EDITOR).last
        box.click()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def post_mentioning_bot(self, text: str) -> None:
        """Start a channel post that @mentions the bot (picked from the mention list), then the text."""
        new_post = self.page.locator(EDITOR).first
        new_post.click()
        self.page.keyboard.type("@Test")
        self.page.get_by_role("listbox", name="Typeahead menu").get_by_text("Test Bot", exact=True).click()
        self.page.keyboard.type(" " + text)
        expect(new_post).to_contain_text(text)
        self.page.get_by_role("button", name="Post").click()

    def post(self, text: str) -> None:
        self.page.locator(EDITOR).first.click()
        self.page.keyboard.type(text)
        self.page.get_by_role("button", name="Post").click()

    def reply(self, containing: str) -> Locator:
        """The latest message bubble from the bot containing this text (waits for it)."""
        # A chat's bot messages are `fai-OutputCard` bubbles; a channel's sit in role=group threads.
        # Either way, not the log panel, which repeats the start of each message.
        bubble = self.page.locator(".fai-OutputCard, [role=group]").filter(has_text=containing).last
        expect(bubble).to_be_visible()
        return bubble

    def card(self, containing: str) -> Locator:
        """The latest Adaptive Card containing this text (waits for it)."""
        card = self.page.locator(".ac-adaptiveCard").filter(has_text=containing).last
        expect(card).to_be_visible()
        return card

    def press(self, card: Locator, button: str) -> None:
        card.get_by_role("button", name=button, exact=True).click()

    def card_lines(self, card: Locator) -> list:
        """The card's text as a person reads it, line by line."""
        return [line.strip() for line in card.inner_text().split("\n") if line.strip()]
