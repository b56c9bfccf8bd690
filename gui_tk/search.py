"""The search conditions above an application list (查询条件)."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.usecases.listing import ApplicationFilter
from regsync.gui_tk.labels import kind_choices, specialty_choices, stage_choices


class SearchBar(ttk.Frame):
    """Kind, specialty, (stage) and part of a name, and the 查询 button."""

    def __init__(
        self, master: tk.Misc, lang: str, on_search: Callable[[], None], *, stage: bool = True
    ) -> None:
        super().__init__(master)
        self.lang = lang
        self.choices: dict[str, tuple[tuple[str, str], ...]] = {
            "kind": kind_choices(lang, any_=True),
            "specialty": specialty_choices(lang, any_=True),
        }
        if stage:
            self.choices["stage"] = stage_choices(lang, any_=True)
        self.widgets: dict[str, ttk.Combobox | ttk.Entry] = {}
        headers = {"kind": "col.kind", "specialty": "col.specialty", "stage": "col.stage"}
        for name, choices in self.choices.items():
            ttk.Label(self, text=text(headers[name], lang)).pack(side="left", padx=(0, 2))
            box = ttk.Combobox(self, values=[c[1] for c in choices], state="readonly", width=16)
            box.set(choices[0][1])
            box.pack(side="left", padx=(0, 8))
            self.widgets[name] = box
        ttk.Label(self, text=text("col.name", lang)).pack(side="left", padx=(0, 2))
        entry = ttk.Entry(self, width=12)
        entry.pack(side="left", padx=(0, 8))
        entry.bind("<Return>", lambda _e: on_search())
        self.widgets["name"] = entry
        self.search_button = ttk.Button(self, text=text("btn.search", lang), command=on_search)
        self.search_button.pack(side="left")

    def set(self, name: str, value: str) -> None:
        """Choose a condition by its value ("" for any)."""
        widget = self.widgets[name]
        if isinstance(widget, ttk.Combobox):
            widget.set(dict(self.choices[name]).get(value, value))
        else:
            widget.delete(0, "end")
            widget.insert(0, value)

    def filters(self) -> ApplicationFilter:
        """The conditions as the listing use cases take them."""
        values = {}
        for name, choices in self.choices.items():
            shown = self.widgets[name].get()
            values[name] = next((v for v, label in choices if label == shown), "") or None
        return ApplicationFilter(name=self.widgets["name"].get().strip() or None, **values)
