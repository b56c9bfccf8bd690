"""Errors of the domain core.

Every error carries its message in Chinese and English, formatted from keyword
parameters, so the CLI and the Tk shell show the same text in the user's language.

    CoreError
    ├── ConfigError            a setting is missing or has the wrong form
    ├── ValidationError        user input breaks a rule (names the field)
    │   ├── InvalidIdNumber
    │   ├── InvalidUscc
    │   ├── UsccNeedsConfirmation
    │   ├── InvalidOrgCode
    │   ├── UnknownCity
    │   ├── MissingField
    │   ├── UnknownField
    │   ├── InvalidValue
    │   ├── InvalidCode        a coded field holds a value not in its list
    │   ├── InvalidPhoto       a 照片 that is not JPEG/PNG or is too large
    │   ├── InvalidPeriod      an end date before its start date
    │   ├── InvalidText        text with a control/bidi character, a missing glyph, too long
    │   └── InvalidDate        a date outside its plausible range (core.text_rules)
    ├── NotFound               a record does not exist
    ├── AlreadyExists          a record with this key already exists
    ├── NotAllowed             this edition/role may not do this
    ├── EnterpriseExists       企业信息管理: the enterprise is there already (fetch it)
    ├── RegisteredElsewhere    企业信息管理: another city licensed this firm (its to register)
    ├── InvalidState           the record's state forbids the action
    │   └── FrozenAfterReport  a reported application is read-only at the firm
    ├── ReportRefused          the computer check finds errors: it cannot be reported
    ├── ReviewRefused          the computer check finds errors: the city cannot pass it
    ├── RegisterConflict       the province's re-check against the register refuses a batch
    ├── SheetUnreadable        an imported file is not a workbook
    ├── SheetColumns           an imported sheet has the wrong header row
    ├── SheetRejected          rows of an imported sheet are wrong: nothing imported
    ├── NothingSelected        a batch command named no records (and not --all)
    ├── NotReported            a 申请表 is printed only after reporting
    ├── RegisteredNameFixed    the enterprise name is the city's to change
    ├── NotEnrolled            an enterprise without its city's certificate cannot report
    ├── ClockWrong             this computer's clock is far from the offices' time: no report
    ├── NotInSummary           a named application cannot be in this 汇总表 (kind, draft)
    ├── NotADraft              only a draft never reported can be deleted (删除)
    ├── StorageError           the database behind the ports cannot serve (kinds: adapters.sql)
    └── OperatorError          operator accounts and login (core.operators)
        ├── InvalidUsername    a user name outside the allowed characters/length
        ├── WeakPassword       a new password too short, too common, or the user name
        ├── PasswordsDiffer    the two entries of a new password differ
        ├── OperatorExists     an account with this user name exists
        ├── UnknownOperator    no account with this user name
        ├── UnknownOperatorRole  a role other than clerk/reviewer/administrator
        ├── LastAdministrator  the last active administrator cannot be disabled/demoted
        ├── AdministratorExists  设置管理员 is for a node without any account
        ├── OperatorForbidden  the logged-in operator's role may not do this
        ├── LoginRefused       wrong user name or password (or a disabled account)
        └── LoginThrottled     too many wrong passwords: says when to try again
"""

from __future__ import annotations

from typing import ClassVar

from regsync.core import i18n
from regsync.core.field_labels import field_name
from regsync.core.i18n import N_


class CoreError(Exception):
    """Root of the domain errors.

    A class's message is the catalogue entry ``msgid`` (``error.<ClassName>``: core/locale,
    filled from ``params``); a class without its own entry says its parent's.  A class
    added with ``zh`` and ``en`` templates (the form scripts/pairs_to_po.py converts)
    says those until the script moves them into the catalogue.
    """

    msgid: ClassVar[str] = N_("error.CoreError")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return template_of(type(self), lang).format(**per_language(self.params, lang))


def per_language(params: dict[str, object], lang: str) -> dict[str, object]:
    """``params`` with each one given per language (``reason_zh``/``reason_en``) also
    under its plain name (``{reason}``) in ``lang``: it wins over a plain one.

    So a template shows one ``{reason}`` and a Chinese reader reads a Chinese reason:
    the raising code passes both texts (a :class:`regsync.core.catalogue_sync.Label`
    from the catalogue, ``reason_zh=zh, reason_en=en``), never one English ``reason``.
    """
    suffix = "_en" if lang == "en" else "_zh"
    filled = dict(params)
    for name, value in params.items():
        if name.endswith(suffix) and name != suffix:
            filled[name[: -len(suffix)]] = value
    return filled


def template_of(cls: type[CoreError], lang: str) -> str:
    """The message template of error class ``cls`` in ``lang`` (its own or its parent's)."""
    for klass in cls.__mro__:
        own = vars(klass)
        template = own.get("en" if lang == "en" else "zh")
        if isinstance(template, str):
            return template
        msgid = own.get("msgid")
        if isinstance(msgid, str):
            found = i18n.lookup(msgid, lang)
            if found is not None:
                return found
    return "{detail}"


class ConfigError(CoreError):
    msgid = N_("error.ConfigError")


class ValidationError(CoreError):
    """User input breaks a rule; ``params['field']`` names the field.

    The message names the field by its label (``{label}``: 资格证书号, never the code
    name ``qualification_cert_no``; :mod:`regsync.core.field_labels`), and a parameter
    given per language (``reason_zh``/``reason_en``) is also ``{reason}`` in each; it
    wins over a plain one (``expected`` in English, ``expected_zh`` for Chinese).
    """

    msgid = N_("error.ValidationError")

    def message(self, lang: str = "zh", label: str | None = None) -> str:
        """The message in ``lang``; ``label`` names the field otherwise (a sheet's
        column heading in place of the field's label)."""
        params = per_language(self.params, lang)
        # ``{label}`` is the field's own (field_labels), not a ``label_zh``/``label_en``.
        if "label" in self.params:
            params["label"] = self.params["label"]
        else:
            params.pop("label", None)
        if label is not None:
            params["label"] = label
        params.setdefault("label", field_name(self.params.get("field"), lang))
        return template_of(type(self), lang).format(**params)


class InvalidIdNumber(ValidationError):
    msgid = N_("error.InvalidIdNumber")


class InvalidUscc(ValidationError):
    msgid = N_("error.InvalidUscc")


class UsccNeedsConfirmation(ValidationError):
    msgid = N_("error.UsccNeedsConfirmation")


class InvalidOrgCode(ValidationError):
    msgid = N_("error.InvalidOrgCode")


class UnknownCity(ValidationError):
    msgid = N_("error.UnknownCity")


class MissingField(ValidationError):
    msgid = N_("error.MissingField")


class UnknownField(ValidationError):
    msgid = N_("error.UnknownField")


class InvalidValue(ValidationError):
    msgid = N_("error.InvalidValue")


class InvalidCode(ValidationError):
    """A coded field (资格取得方式, 资质类别 ...) holds a value not in its list."""

    msgid = N_("error.InvalidCode")


class InvalidPhoto(ValidationError):
    """A 照片 that is not a JPEG or PNG image, or is too large."""

    msgid = N_("error.InvalidPhoto")


class InvalidPeriod(ValidationError):
    """A period whose end is before its start (劳动合同起止日期 ...)."""

    msgid = N_("error.InvalidPeriod")


class InvalidText(ValidationError):
    """A typed text the form cannot hold (core.text_rules): names field and character."""

    msgid = N_("error.InvalidText")


class InvalidDate(ValidationError):
    """A date outside its plausible range (in the future, a period ending before it starts)."""

    msgid = N_("error.InvalidDate")


class NotFound(CoreError):
    msgid = N_("error.NotFound")


class AlreadyExists(CoreError):
    msgid = N_("error.AlreadyExists")


class NotAllowed(CoreError):
    """This edition may not do this; ``role`` is the node's role (its code value),
    shown as the edition's name (企业版, enterprise edition) in each language."""

    msgid = N_("error.NotAllowed")

    def message(self, lang: str = "zh") -> str:
        params = per_language(self.params, lang)
        role = str(self.params.get("role", ""))
        params.setdefault("edition", i18n.lookup(f"edition.{role}", lang) or role)
        return template_of(type(self), lang).format(**params)


class InvalidState(CoreError):
    msgid = N_("error.InvalidState")


class FrozenAfterReport(InvalidState):
    """The seed's rule: once reported, an application and its 工作业绩 are read-only
    at the firm; corrections go through the city (修改) or a new round (退回 -> 重新申报)."""

    msgid = N_("error.FrozenAfterReport")


class ReportRefused(CoreError):
    msgid = N_("error.ReportRefused")


class NotReported(CoreError):
    msgid = N_("error.NotReported")


class ReviewRefused(CoreError):
    msgid = N_("error.ReviewRefused")


class RegisterConflict(CoreError):
    """The province's re-check before approving or issuing: applications that conflict
    with the register (a second certificate, a stale certificate number...).  The batch
    is refused whole; ``detail_*`` names each application and the rule (its code)."""

    msgid = N_("error.RegisterConflict")


class SheetColumns(CoreError):
    msgid = N_("error.SheetColumns")


class SheetRejected(CoreError):
    msgid = N_("error.SheetRejected")


class NothingSelected(CoreError):
    msgid = N_("error.NothingSelected")


class RegisteredElsewhere(CoreError):
    msgid = N_("error.RegisteredElsewhere")


class EnterpriseExists(CoreError):
    msgid = N_("error.EnterpriseExists")


class SheetUnreadable(CoreError):
    msgid = N_("error.SheetUnreadable")


class RegisteredNameFixed(CoreError):
    msgid = N_("error.RegisteredNameFixed")


class ClockWrong(CoreError):
    msgid = N_("error.ClockWrong")


class NotEnrolled(CoreError):
    msgid = N_("error.NotEnrolled")


class StorageError(CoreError):
    """Root of the storage errors: the database behind the ports cannot serve the request.

    The kinds (unreachable, not initialised, schema too new...) live with the storage
    adapter (:mod:`regsync.adapters.sql.errors`); the root is here so that the layers
    above, and the other adapters (the HTTP server answers 503), can name the kind
    without importing the storage adapter.
    """


class OperatorError(CoreError):
    """Root of the operator-account and login errors (:mod:`regsync.core.operators`)."""


class InvalidUsername(OperatorError):
    msgid = N_("error.InvalidUsername")


class WeakPassword(OperatorError):
    msgid = N_("error.WeakPassword")


class PasswordsDiffer(OperatorError):
    msgid = N_("error.PasswordsDiffer")


class OperatorExists(OperatorError):
    msgid = N_("error.OperatorExists")


class UnknownOperator(OperatorError):
    msgid = N_("error.UnknownOperator")


class UnknownOperatorRole(OperatorError):
    msgid = N_("error.UnknownOperatorRole")


class LastAdministrator(OperatorError):
    msgid = N_("error.LastAdministrator")


class AdministratorExists(OperatorError):
    msgid = N_("error.AdministratorExists")


class OperatorForbidden(OperatorError):
    msgid = N_("error.OperatorForbidden")


class LoginRefused(OperatorError):
    msgid = N_("error.LoginRefused")


class LoginThrottled(OperatorError):
    msgid = N_("error.LoginThrottled")


class NotInSummary(CoreError):
    msgid = N_("error.NotInSummary")


class NotADraft(CoreError):
    msgid = N_("error.NotADraft")
