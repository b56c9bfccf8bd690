"""``regsync demo``: a province, its cities and firms, and a registration round run
through the real commands (:mod:`.story`), on a world of nodes (:mod:`.world`)."""
