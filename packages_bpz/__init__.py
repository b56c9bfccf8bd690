"""The .bpz bundle format (signed, compressed changesets): built in the offline-sync issue."""
