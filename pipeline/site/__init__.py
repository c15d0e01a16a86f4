"""Stage 8: the published package -> a static evidence explorer, build/site/.

Inputs: a package root's tables/*.csv, datapackage.json, figures/ and database views, and the
raw articles. Output: plain HTML, CSS and a little JavaScript that work from file:// and from
`python -m pipeline serve`, with no request outside the site's own files. Written into a
fresh folder (the build's stage, or a new folder swapped in by `python -m pipeline site`).
"""

from pipeline.site.generate import write_site

__all__ = ["write_site"]
