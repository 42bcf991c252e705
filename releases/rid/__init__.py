"""The Release Implementation Document: assembled from live data, baselined, compared, rendered.

`releases.rid.baseline(release, *, version, changes, baselined_on, paper="", dated=None, by=None)`
is the one way to baseline, for the browser, the API and the demo data alike.
"""

# Imported eagerly so `releases.rid.baseline` is the function, not the submodule of the same name.
from .baseline import baseline
