"""Forms in dialogs, with the computer-check messages next to the fields they concern.

A form is a list of :class:`FieldSpec`; the dialog holds an entry (or a combobox)
per field and a message label beside it.  No ``tk.StringVar`` anywhere: a variable
collected by the garbage collector in a worker thread calls into Tk from that
thread and fails, so fields are read and written through their widgets.
:meth:`FormDialog.show_messages` puts each
:class:`~regsync.core.checks.messages.CheckMessage` beside its field (those without a
field, or about a field not on the form, go to the area under the fields), which is
how the seed's screens show 计算机核查 results.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable, Mapping, Sequence
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.errors import CoreError
from regsync.gui_tk.dialogs import Notices

COLOURS = {Severity.ERROR: "#b00020", Severity.WARNING: "#8a5a00"}


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """One field: record field name, catalogue key of its label, optional choices.

    ``choices`` are ``(value, label)`` pairs shown in a read-only combobox.
    """

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    readonly: bool = False


def put_text(entry: ttk.Entry, value: str) -> None:
    """Replace the text of an entry, read-only or not."""
    readonly = entry.instate(["readonly"])
    entry.state(["!readonly"])
    entry.delete(0, "end")
    entry.insert(0, value)
    if readonly:
        entry.state(["readonly"])


class FormDialog(tk.Toplevel):
    """A dialog with labelled fields, messages beside them, and buttons underneath.

    ``on_save(values)`` gets the text of every field; a :class:`CoreError` it raises
    is shown beside the field it names (and in an error dialog), the dialog stays.
    """

    def __init__(
        self,
        master: tk.Misc,
        notices: Notices,
        title: str,
        fields: Sequence[FieldSpec],
        values: Mapping[str, str],
        *,
        on_save: Callable[[dict[str, str]], None] | None,
        extra: Sequence[tuple[str, Callable[[], object]]] = (),
    ) -> None:
        super().__init__(master)
        self.notices, self.lang, self.on_save = notices, notices.lang, on_save
        self.title(title)
        self.transient(master.winfo_toplevel())
        self.widgets: dict[str, ttk.Entry | ttk.Combobox] = {}
        self.message_labels: dict[str, ttk.Label] = {}
        self._choices: dict[str, tuple[tuple[str, str], ...]] = {}
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        for row, spec in enumerate(fields):
            self._add_field(body, row, spec, values.get(spec.name, ""))
        self.general = ttk.Label(body, text="", wraplength=560, justify="left")
        self.general.grid(row=len(fields), column=0, columnspan=3, sticky="w", pady=(8, 0))
        self.buttons = ttk.Frame(self, padding=(12, 0, 12, 12))
        self.buttons.pack(fill="x")
        self.button_widgets: dict[str, ttk.Button] = {}
        if on_save is not None:
            self._button(text("btn.save", self.lang), self.save)
        for label, command in extra:
            self._button(label, command)
        self._button(text("btn.close", self.lang), self.destroy)

    def _button(self, label: str, command: Callable[[], object]) -> None:
        button = ttk.Button(self.buttons, text=label, command=command)
        button.pack(side="left", padx=(0, 6))
        self.button_widgets[label] = button

    def _add_field(self, body: ttk.Frame, row: int, spec: FieldSpec, value: str) -> None:
        ttk.Label(body, text=text(spec.label, self.lang)).grid(
            row=row, column=0, sticky="e", padx=4, pady=2
        )
        widget: ttk.Entry | ttk.Combobox
        if spec.choices:
            self._choices[spec.name] = spec.choices
            labels = [label for _, label in spec.choices]
            widget = ttk.Combobox(body, values=labels, state="readonly", width=28)
            widget.set(dict(spec.choices).get(value, labels[0] if labels else ""))
        else:
            widget = ttk.Entry(body, width=30)
            put_text(widget, value)
            if spec.readonly:
                widget.state(["readonly"])
        widget.grid(row=row, column=1, sticky="w", pady=2)
        message = ttk.Label(body, text="", wraplength=360, justify="left")
        message.grid(row=row, column=2, sticky="w", padx=6)
        self.widgets[spec.name] = widget
        self.message_labels[spec.name] = message

    def values(self) -> dict[str, str]:
        """Every field's text (a choice as its value, not its label)."""
        result = {}
        for name, widget in self.widgets.items():
            shown = widget.get().strip()
            choices = self._choices.get(name)
            if choices:
                shown = next((v for v, label in choices if label == shown), shown)
            result[name] = shown
        return result

    def set(self, name: str, value: str) -> None:
        """Type ``value`` into a field (a choice by its value)."""
        choices, widget = self._choices.get(name), self.widgets[name]
        if isinstance(widget, ttk.Combobox):
            widget.set(dict(choices or ()).get(value, value))
        else:
            put_text(widget, value)

    def show_messages(self, messages: Sequence[CheckMessage]) -> None:
        """Put each message beside its field, the rest under the fields."""
        beside: dict[str, list[CheckMessage]] = {}
        rest: list[CheckMessage] = []
        for m in messages:
            if m.field is not None and m.field in self.message_labels:
                beside.setdefault(m.field, []).append(m)
            else:
                rest.append(m)
        for name, label in self.message_labels.items():
            found = beside.get(name, [])
            label.configure(
                text="\n".join(m.text(self.lang) for m in found),
                foreground=COLOURS[found[0].severity] if found else "",
            )
        if rest or not messages:
            self.general.configure(
                text="\n".join(m.text(self.lang) for m in rest)
                or text("msg.check_passed", self.lang),
                foreground=COLOURS[rest[0].severity] if rest else "#1b5e20",
            )

    def message(self, name: str) -> str:
        """The message shown beside a field ("" when none)."""
        return str(self.message_labels[name].cget("text"))

    def save(self) -> None:
        """Hand the values to ``on_save``; its domain errors are shown, the dialog stays."""
        assert self.on_save is not None
        try:
            self.on_save(self.values())
        except CoreError as exc:
            field = str(exc.params.get("field", "")).lstrip("-").replace("-", "_")
            if field in self.message_labels:
                self.message_labels[field].configure(
                    text=exc.message(self.lang), foreground=COLOURS[Severity.ERROR]
                )
            self.notices.failed(exc)
