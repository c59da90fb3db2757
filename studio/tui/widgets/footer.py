"""The key footer, fitted to the terminal: the screen's most used keys first, as many as fit, then `F1 more`.

Textual's own footer shows every key marked `show` and cuts the row at the right edge, so on an 80-column terminal
Export, Quit and Help fell off and keys marked hidden were only in F1. This one ranks the keys (each screen's
`FOOTER_KEYS`, then the rest in binding order), keeps what fits the width, and ends with F1, labelled "more" when
any key was left out. Wide terminals (200 columns) get every key, and the palette key.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Textual's key item (clickable); not re-exported by textual.widgets

HELP_ID = "help"
PALETTE_FROM = 120  # terminal columns from which the command palette key is shown too
_PALETTE_WIDTH = 14  # "^p palette" with its separator


def ranked_bindings(screen: Screen, order: tuple[str, ...]) -> Iterator[tuple[Binding, bool, str]]:
    """The studio's described bindings active on `screen` (each action once), those named in `order` first."""
    active = screen.active_bindings.values()
    ours: dict[str, tuple[Binding, bool, str]] = {}
    for _, binding, enabled, tooltip in active:
        if binding.id and binding.description and not binding.system and binding.action not in ours:
            ours[binding.action] = (binding, enabled, tooltip)
    by_id = {item[0].id: item for item in ours.values()}
    yield from (by_id[key] for key in order if key in by_id)
    yield from (item for item in ours.values() if item[0].id not in order)


class FittedFooter(Footer):
    """A one-line footer of the keys that fit; see the module docstring."""

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        with_palette = width >= PALETTE_FROM
        ranked = list(ranked_bindings(self.screen, getattr(self.screen, "FOOTER_KEYS", ())))
        help_item = next((item for item in ranked if item[0].id == HELP_ID), None)
        keys = [item for item in ranked if item is not help_item]
        budget = width - (_PALETTE_WIDTH if with_palette else 0) - (
            self._item_width(help_item, "more") if help_item else 0)
        shown: list[tuple[Binding, bool, str]] = []
        for item in keys:  # by rank; a key too long for what is left may leave room for a shorter one after it
            needed = self._item_width(item, item[0].description)
            if needed <= budget:
                shown.append(item)
                budget -= needed
        for binding, enabled, tooltip in shown:
            yield self._key(binding, binding.description, enabled, tooltip)
        if help_item is not None:
            binding, enabled, tooltip = help_item
            yield self._key(binding, "more" if len(shown) < len(keys) else binding.description, enabled, tooltip)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if with_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            binding = palette[1]
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", tooltip=binding.tooltip or binding.description)

    def _item_width(self, item: tuple[Binding, bool, str], description: str) -> int:
        """Cells one key takes in the compact style: key, a space, description, a space."""
        return len(self.app.get_key_display(item[0])) + len(description) + 2

    def _key(self, binding: Binding, description: str, enabled: bool, tooltip: str) -> FooterKey:
        return FooterKey(binding.key, self.app.get_key_display(binding), description, binding.action,
                         disabled=not enabled, tooltip=tooltip or binding.tooltip).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
