"""The change log: changesets, streams, hash chains, clocks, version vectors, merge."""
