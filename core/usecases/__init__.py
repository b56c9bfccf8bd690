"""Use cases: what each edition does, written against the ports only."""
