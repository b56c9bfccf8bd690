"""The office fields in the Tk dialogs: code lists as choices, the photo from a file.

Coded fields (资格取得方式, 资质类别, 更改事项 ...) are read-only comboboxes of their
code list, with an empty first choice (the fields are optional); the photo is a
file path typed or chosen with 选择照片…, read and checked on 保存 like the CLI's
``--photo FILE``, so a refusal shows beside the field and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from tkinter import filedialog

from regsync.core.catalogue import text
from regsync.core.errors import InvalidPhoto
from regsync.core.model import Record
from regsync.core.office_codes import CODED_FIELDS
from regsync.core.photos import PHOTO_MAX_BYTES, encode_photo
from regsync.gui_tk.forms import FieldSpec, FormDialog


def field_spec(record_type: type[Record], name: str) -> FieldSpec:
    """The dialog field of ``record_type.name``: a combobox when the field is coded."""
    coded = CODED_FIELDS.get(record_type.KIND, {}).get(name)
    if coded is None:
        return FieldSpec(name, f"field.{name}")
    choices = (("", ""), *((code, label) for code, label in coded.codes.items()))
    return FieldSpec(name, f"field.{name}", choices=choices)


def read_photo(path: str) -> str | None:
    """The stored text of the photo file at ``path`` (None for no path); checked."""
    if not path:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(PHOTO_MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidPhoto(
            field="photo",
            limit_kb=PHOTO_MAX_BYTES // 1024,
            reason_zh=text("gui.photo.unreadable", "zh", path=path),
            reason_en=text("gui.photo.unreadable", "en", path=path),
        ) from exc
    return encode_photo(data)


def photo_chooser(dialog: Callable[[], FormDialog], title: str) -> Callable[[], None]:
    """The 选择照片… button: a file dialog for JPEG and PNG files; the path goes in the field."""

    def choose() -> None:
        form = dialog()
        path = filedialog.askopenfilename(
            parent=form,
            title=title,
            filetypes=[("JPEG / PNG", "*.jpg *.jpeg *.png"), ("*", "*")],
        )
        if path:
            form.set("photo", path)

    return choose
