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
        self.vars: dict[str, tk.StringVar] = {}
        headers = {"kind": "col.kind", "specialty": "col.specialty", "stage": "col.stage"}
        for name, choices in self.choices.items():
            ttk.Label(self, text=text(headers[name], lang)).pack(side="left", padx=(0, 2))
            var = tk.StringVar(self, value=choices[0][1])
            ttk.Combobox(
                self, textvariable=var, values=[c[1] for c in choices], state="readonly", width=16
            ).pack(side="left", padx=(0, 8))
            self.vars[name] = var
        ttk.Label(self, text=text("col.name", lang)).pack(side="left", padx=(0, 2))
        self.vars["name"] = tk.StringVar(self)
        entry = ttk.Entry(self, textvariable=self.vars["name"], width=12)
        entry.pack(side="left", padx=(0, 8))
        entry.bind("<Return>", lambda _e: on_search())
        self.search_button = ttk.Button(self, text=text("btn.search", lang), command=on_search)
        self.search_button.pack(side="left")

    def set(self, name: str, value: str) -> None:
        """Choose a condition by its value ("" for any)."""
        choices = self.choices.get(name)
        self.vars[name].set(dict(choices).get(value, value) if choices else value)

    def filters(self) -> ApplicationFilter:
        """The conditions as the listing use cases take them."""
        values = {}
        for name, choices in self.choices.items():
            shown = self.vars[name].get()
            values[name] = next((v for v, label in choices if label == shown), "") or None
        return ApplicationFilter(name=self.vars["name"].get().strip() or None, **values)
