"""Errors of the sync layer.

SyncError
├── ChainError            a changeset does not follow its stream (gap or broken link)
├── ForkError             two different changesets claim the same stream and sequence
├── TamperedChangeset     a changeset's content does not match its hash
├── MissingPrerequisites  a changeset builds on changes this node does not have
├── IncompleteRecord      a change creates a record here without its required fields
├── UnvouchedChangeset    a changeset outside its bundle's signed ranges
├── WrongOrigin           a stream head signed by a node that is not the stream's origin
├── Unauthorised          a changeset its origin may not write
├── WriteNotAllowed       a local write this node's role may not make (peers would refuse it)
├── WrongSender           a bundle from another node than the one this sync talks to
├── SessionError          a peer answered out of turn in the sync conversation
├── NeedsSnapshot         a peer lacks changesets this node has compacted away
├── RestoredNotCaughtUp   a node restored from a backup may not write yet
│   ├── RestoredBehind    a peer holds more of the node's own streams than it does
│   └── RestoredNotHeard  nothing heard from a peer since the restore
├── ClockAhead            a changeset dated further ahead of this node's clock than allowed
├── SnapshotRefused       a snapshot this node may not start from
├── NothingToPackage      a personal node has no drafts to put in a package
├── NotAPackage           a bundle given as a personal package is not one
└── UnknownApplicant      a personal package from an applicant whose card is not installed
"""

from __future__ import annotations

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class SyncError(CoreError):
    """Root of the sync-layer errors."""


class ChainError(SyncError):
    msgid = N_("error.ChainError")


class ForkError(SyncError):
    msgid = N_("error.ForkError")


class TamperedChangeset(SyncError):
    msgid = N_("error.TamperedChangeset")


class MissingPrerequisites(SyncError):
    msgid = N_("error.MissingPrerequisites")


class IncompleteRecord(SyncError):
    msgid = N_("error.IncompleteRecord")


class UnvouchedChangeset(SyncError):
    msgid = N_("error.UnvouchedChangeset")


class WrongOrigin(SyncError):
    msgid = N_("error.WrongOrigin")


class Unauthorised(SyncError):
    msgid = N_("error.Unauthorised")


class WriteNotAllowed(SyncError):
    msgid = N_("error.WriteNotAllowed")


class WrongSender(SyncError):
    msgid = N_("error.WrongSender")


class SessionError(SyncError):
    msgid = N_("error.SessionError")


class ClockAhead(SyncError):
    msgid = N_("error.ClockAhead")


class NeedsSnapshot(SyncError):
    msgid = N_("error.NeedsSnapshot")


class SnapshotRefused(SyncError):
    msgid = N_("error.SnapshotRefused")


class NotAPackage(SyncError):
    msgid = N_("error.NotAPackage")


class UnknownApplicant(SyncError):
    msgid = N_("error.UnknownApplicant")


class NothingToPackage(SyncError):
    msgid = N_("error.NothingToPackage")


class RestoredNotCaughtUp(SyncError):
    """A node restored from a backup writes only once it holds all it had sent."""


class RestoredBehind(RestoredNotCaughtUp):
    msgid = N_("error.RestoredBehind")


class RestoredNotHeard(RestoredNotCaughtUp):
    msgid = N_("error.RestoredNotHeard")
