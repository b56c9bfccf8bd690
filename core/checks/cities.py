"""The 11 prefecture-level cities of Shanxi (山西省地级市) and their 6-digit codes.

The codes are those of GB/T 2260 (行政区划代码); a city office's scope and the
first digits of every application number use them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from regsync.core.errors import UnknownCity


@dataclasses.dataclass(frozen=True)
class City:
    """A Shanxi city: administrative code, Chinese name, English (pinyin) name."""

    code: str
    zh: str
    en: str


SHANXI_CITIES: Mapping[str, City] = MappingProxyType(
    {
        c.code: c
        for c in (
            City("140100", "太原", "Taiyuan"),
            City("140200", "大同", "Datong"),
            City("140300", "阳泉", "Yangquan"),
            City("140400", "长治", "Changzhi"),
            City("140500", "晋城", "Jincheng"),
            City("140600", "朔州", "Shuozhou"),
            City("140700", "晋中", "Jinzhong"),
            City("140800", "运城", "Yuncheng"),
            City("140900", "忻州", "Xinzhou"),
            City("141000", "临汾", "Linfen"),
            City("141100", "吕梁", "Lüliang"),
        )
    }
)
"""City code -> :class:`City`, in code order."""

CITY_NAMES: Mapping[str, str] = MappingProxyType({c.code: c.zh for c in SHANXI_CITIES.values()})
"""City code -> Chinese name."""

CITY_NAMES_EN: Mapping[str, str] = MappingProxyType({c.code: c.en for c in SHANXI_CITIES.values()})
"""City code -> English (pinyin) name."""

_KNOWN = ", ".join(f"{c.code} {c.zh}" for c in SHANXI_CITIES.values())


def require_city(code: str, *, field: str = "city_code") -> str:
    """Return the city code (surrounding spaces removed) or raise ``UnknownCity``.

    The error lists every known code with its name, so the user can pick one.
    """
    normalised = code.strip()
    if normalised not in SHANXI_CITIES:
        raise UnknownCity(field=field, value=code, known=_KNOWN)
    return normalised


def city_name(code: str, lang: str = "zh") -> str:
    """The city's name, Chinese by default (``lang="en"`` for pinyin).

    Raises ``UnknownCity`` for a code that is not a Shanxi city.
    """
    city = SHANXI_CITIES[require_city(code)]
    return city.en if lang == "en" else city.zh
